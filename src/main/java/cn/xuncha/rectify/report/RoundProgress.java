package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.report.ProgressFigures.CategoryFigures;
import cn.xuncha.rectify.report.ProgressFigures.MeasureLine;
import cn.xuncha.rectify.report.ProgressFigures.OverdueMeasure;
import cn.xuncha.rectify.report.ProgressFigures.ProblemFigures;
import cn.xuncha.rectify.report.ProgressFigures.Tally;
import cn.xuncha.rectify.ledger.LedgerView.MeasureNode;
import cn.xuncha.rectify.ledger.LedgerView.ProblemNode;
import cn.xuncha.rectify.ledger.LedgerView.RoundTree;
import cn.xuncha.rectify.ledger.MeasureRules;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.RuleMade;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.report.ProgressFigures.RecheckFigures;
import cn.xuncha.rectify.report.ProgressFigures.RuleLine;
import cn.xuncha.rectify.report.ProgressFigures.RulesFigures;
import cn.xuncha.rectify.system.Now;

/** A round's progress as of today, from the live ledger tree: the figures of notices and of the dashboard. */
@Component
class RoundProgress {

	private final ReportQueries queries;
	private final MeasureEvents events;

	RoundProgress(ReportQueries queries, MeasureEvents events) {
		this.queries = queries;
		this.events = events;
	}

	/** The figures of the tree as given: for a notice, the whole round as someone who sees every matter sees it. */
	ProgressFigures figures(RoundTree tree) {
		var categories = tree.categories().stream()
				.map(c -> new CategoryFigures(c.seq(), c.title(), c.problems().size(),
						Tally.of(c.problems().stream().flatMap(p -> p.measures().stream()).toList()),
						c.problems().stream().map(RoundProgress::problemFigures).toList()))
				.toList();
		return new ProgressFigures(tree.id(), tree.title(), tree.unit(), tree.inspectionTeam(), tree.feedbackDate(),
				Now.today(), Tally.of(measures(tree).toList()), categories, overdue(tree), queries.talks(tree.id()),
				queries.escalations(tree.id()), null, rules(tree), rechecks(tree.id()));
	}

	/** The rules the tree's measures produced, in ledger order. */
	static RulesFigures rules(RoundTree tree) {
		List<RuleLine> lines = measures(tree).flatMap(m -> m.rules().stream().map(r -> new RuleLine(r.title(),
				r.documentNumber(), r.issuedOn(), r.kindLabel(), m.key(), m.departmentName()))).toList();
		int created = (int) measures(tree).flatMap(m -> m.rules().stream())
				.filter(r -> RuleMade.Kind.NEW.name().equals(r.kind())).count();
		return new RulesFigures(lines.size(), created, lines.size() - created, lines);
	}

	RecheckFigures rechecks(String roundKey) {
		var counts = events.rechecks(roundKey);
		return new RecheckFigures(counts.rechecked(), counts.rebounded());
	}

	static Stream<MeasureNode> measures(RoundTree tree) {
		return tree.categories().stream().flatMap(c -> c.problems().stream()).flatMap(p -> p.measures().stream());
	}

	/** Open measures past their deadline, the longest overdue first. */
	static List<OverdueMeasure> overdue(RoundTree tree) {
		LocalDate today = Now.today();
		return tree.categories().stream().flatMap(c -> c.problems().stream())
				.flatMap(p -> p.measures().stream().filter(MeasureNode::overdue)
						.map(m -> new OverdueMeasure(m.key(), m.text(), p.title(), m.departmentName(),
								m.responsiblePersonName(), m.deadline(), MeasureRules.daysOverdue(m.deadline(), today))))
				.sorted(Comparator.comparingLong(OverdueMeasure::daysOverdue).reversed()
						.thenComparing(OverdueMeasure::key))
				.toList();
	}

	private static ProblemFigures problemFigures(ProblemNode p) {
		return new ProblemFigures(p.key(), p.seq(), p.title(), p.departmentName(), p.leadLeaderName(),
				Tally.of(p.measures()), lines(p, MeasureStatus.CLOSED), lines(p, MeasureStatus.LONG_TERM),
				p.measures().stream().filter(m -> MeasureStatus.valueOf(m.status()).isOpen())
						.map(RoundProgress::line).toList());
	}

	private static List<MeasureLine> lines(ProblemNode p, MeasureStatus status) {
		return p.measures().stream().filter(m -> status.name().equals(m.status())).map(RoundProgress::line).toList();
	}

	private static MeasureLine line(MeasureNode m) {
		return new MeasureLine(m.key(), m.seq(), m.text(), m.departmentName(), m.statusLabel());
	}
}
