package cn.xuncha.rectify.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.ledger.LedgerView.MeasureNode;
import cn.xuncha.rectify.ledger.MeasureRules;
import cn.xuncha.rectify.ledger.MeasureStatus;

/**
 * What a progress notice (整改进展情况通报) states about a round on one day; frozen with the notice as JSON, so the next
 * notice can say what changed since. Escalations are counted by level over the whole rectification (提醒 · 催办 · 督办 ·
 * 谈话提醒 · 移交纪检); talks are the talk reminders actually held and recorded.
 */
record ProgressFigures(String roundId, String roundTitle, String unit, String inspectionTeam, LocalDate feedbackDate,
		LocalDate asOf, Tally totals, List<CategoryFigures> categories, List<OverdueMeasure> overdue, int talks,
		Map<Level, Integer> escalations, Change change, RulesFigures rules, RecheckFigures rechecks) {

	/** DOMAIN: 建立健全制度N项 — the rules (制度成果) the round's measures produced, new and revised. */
	record RulesFigures(int made, int created, int revised, List<RuleLine> rules) {
	}

	/** One rule as a notice lists it. */
	record RuleLine(String title, String documentNumber, LocalDate issuedOn, String kindLabel, String measureKey,
			String departmentName) {
	}

	/** DOMAIN: 回头看 — closed measures checked again, and how many of them had rebounded. */
	record RecheckFigures(int rechecked, int rebounded) {
	}

	/** Measures counted as notices count them: 已完成 (销号), 基本完成并长期坚持, 未完成 (of which overdue). */
	record Tally(int measures, int completed, int longTerm, int open, int overdue, String completionRate) {

		static Tally of(Collection<MeasureNode> measures) {
			var t = MeasureRules.Tally.of(measures, m -> MeasureStatus.valueOf(m.status()), MeasureNode::overdue);
			return new Tally(t.measures(), t.closed(), t.longTerm(), t.continuing(), t.overdue(), t.completionRate());
		}
	}

	record CategoryFigures(int seq, String title, int problemCount, Tally tally, List<ProblemFigures> problems) {
	}

	record ProblemFigures(String key, int seq, String title, String departmentName, String leadLeaderName, Tally tally,
			List<MeasureLine> completed, List<MeasureLine> longTerm, List<MeasureLine> open) {
	}

	/** One measure as a notice lists it. */
	record MeasureLine(String key, int seq, String text, String departmentName, String statusLabel) {
	}

	record OverdueMeasure(String key, String text, String problemTitle, String departmentName,
			String responsiblePersonName, LocalDate deadline, long daysOverdue) {
	}

	/** Since the previous notice of the round: the rate's move in percentage points and which measures moved. */
	record Change(int previousSeq, LocalDate previousAsOf, String previousRate, String rateDelta,
			List<MeasureLine> newlyCompleted, List<OverdueMeasure> newlyOverdue, List<MeasureLine> reopened) {
	}

	ProgressFigures since(int previousSeq, ProgressFigures previous) {
		Set<String> doneBefore = previous.done().map(MeasureLine::key).collect(Collectors.toSet());
		Set<String> overdueBefore = previous.overdue().stream().map(OverdueMeasure::key).collect(Collectors.toSet());
		var change = new Change(previousSeq, previous.asOf(), previous.totals().completionRate(),
				signed(percent(totals.completionRate()).subtract(percent(previous.totals().completionRate()))),
				done().filter(m -> !doneBefore.contains(m.key())).toList(),
				overdue.stream().filter(m -> !overdueBefore.contains(m.key())).toList(),
				problems().flatMap(p -> p.open().stream()).filter(m -> doneBefore.contains(m.key())).toList());
		return new ProgressFigures(roundId, roundTitle, unit, inspectionTeam, feedbackDate, asOf, totals, categories,
				overdue, talks, escalations, change, rules, rechecks);
	}

	int problemCount() {
		return (int) problems().count();
	}

	private Stream<ProblemFigures> problems() {
		return categories.stream().flatMap(c -> c.problems().stream());
	}

	/** Completed and long-term measures: what the completion rate counts as done. */
	private Stream<MeasureLine> done() {
		return problems().flatMap(p -> Stream.concat(p.completed().stream(), p.longTerm().stream()));
	}

	private static BigDecimal percent(String rate) {
		return new BigDecimal(rate.substring(0, rate.length() - 1));
	}

	private static String signed(BigDecimal delta) {
		return delta.signum() > 0 ? "+" + delta.toPlainString() : delta.toPlainString();
	}
}
