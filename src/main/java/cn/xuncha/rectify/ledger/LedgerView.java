package cn.xuncha.rectify.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Now;

/** The ledger as a tree (categories → problems → measures) with names resolved, as the API and pages show it. */
@Component
public class LedgerView {

	private final Ledger ledger;
	private final RulesMade rulesMade;
	private final Directory directory;

	LedgerView(Ledger ledger, RulesMade rulesMade, Directory directory) {
		this.ledger = ledger;
		this.rulesMade = rulesMade;
		this.directory = directory;
	}

	public record RoundSummary(String id, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			String status, String statusLabel, int problems, int measures, long closed, long longTerm,
			String completionRate) {
	}

	public record RoundTree(String id, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			String status, String statusLabel, Totals totals, List<CategoryNode> categories) {
	}

	/** {@code rulesMade}: the rules (制度成果) the measures produced, 建立健全制度N项. */
	public record Totals(int problems, int measures, long closed, long longTerm, long open, long overdue,
			String completionRate, int rulesMade) {
	}

	public record CategoryNode(int seq, String title, List<ProblemNode> problems) {
	}

	public record ProblemNode(String key, int seq, String title, String department, String departmentName,
			String leadLeader, String leadLeaderName, String status, String statusLabel, List<MeasureNode> measures) {
	}

	public record MeasureNode(String key, int seq, String text, String department, String departmentName,
			String responsiblePerson, String responsiblePersonName, LocalDate deadline, boolean overdue, String type,
			String typeLabel, String status, String statusLabel, Integer figureDone, Integer figureTotal,
			String latestProgress, List<RuleNode> rules) {
	}

	/** A rule (制度成果) of a measure as the ledger lists it. */
	public record RuleNode(String title, String documentNumber, LocalDate issuedOn, String kind, String kindLabel,
			Long evidenceId) {

		static RuleNode of(RuleMade r) {
			return new RuleNode(r.title(), r.documentNumber(), r.issuedOn(), r.kind().name(), r.kind().label(),
					r.evidenceId());
		}
	}

	public List<RoundSummary> rounds() {
		return ledger.rounds().stream().map(r -> {
			var measures = ledger.measuresOfRound(r.id());
			var totals = totals(ledger.problemsOfRound(r.id()).size(), measures, 0);
			return new RoundSummary(r.key(), r.title(), r.unit(), r.inspectionTeam(), r.feedbackDate(),
					r.status().name(), r.status().label(), totals.problems(), totals.measures(), totals.closed(),
					totals.longTerm(), totals.completionRate());
		}).toList();
	}

	/** The whole tree for those who see every matter; staff see only their department's problems and measures. */
	public RoundTree tree(String roundKey, Viewer viewer) {
		Round round = ledger.round(roundKey);
		List<Measure> measures = ledger.measuresOfRound(round.id()).stream().filter(m -> viewer.sees(m.department()))
				.toList();
		var visibleProblems = measures.stream().map(Measure::problemId).collect(Collectors.toSet());
		List<Problem> problems = ledger.problemsOfRound(round.id()).stream()
				.filter(p -> viewer.sees(p.department()) || visibleProblems.contains(p.id())).toList();
		Map<Long, List<Measure>> byProblem = measures.stream().collect(Collectors.groupingBy(Measure::problemId));
		var visibleMeasures = measures.stream().map(Measure::id).collect(Collectors.toSet());
		Map<Long, List<RuleNode>> rules = rulesMade.ofRound(round.id()).stream()
				.filter(r -> visibleMeasures.contains(r.measureId())).collect(Collectors.groupingBy(RuleMade::measureId,
						Collectors.mapping(RuleNode::of, Collectors.toList())));
		Map<Long, List<Problem>> byCategory = problems.stream().collect(Collectors.groupingBy(Problem::categoryId));
		var names = new NameCache(directory);
		var categories = ledger.categories(round.id()).stream().filter(c -> byCategory.containsKey(c.id()))
				.map(c -> new CategoryNode(c.seq(), c.title(), byCategory.getOrDefault(c.id(), List.of()).stream()
						.map(p -> problemNode(p, byProblem.getOrDefault(p.id(), List.of()), rules, names)).toList()))
				.toList();
		int ruleCount = rules.values().stream().mapToInt(List::size).sum();
		return new RoundTree(round.key(), round.title(), round.unit(), round.inspectionTeam(), round.feedbackDate(),
				round.status().name(), round.status().label(), totals(problems.size(), measures, ruleCount), categories);
	}

	private static ProblemNode problemNode(Problem p, List<Measure> measures, Map<Long, List<RuleNode>> rules,
			NameCache names) {
		return new ProblemNode(p.key(), p.seq(), p.title(), p.department(), names.department(p.department()),
				p.leadLeader(), names.person(p.leadLeader()), p.status().name(), p.status().label(),
				measures.stream().map(m -> measureNode(m, rules.getOrDefault(m.id(), List.of()), names)).toList());
	}

	private static MeasureNode measureNode(Measure m, List<RuleNode> rules, NameCache names) {
		return new MeasureNode(m.key(), m.seq(), m.text(), m.department(), names.department(m.department()),
				m.responsiblePerson(), names.person(m.responsiblePerson()), m.deadline(), isOverdue(m),
				m.type().name(), m.type().label(), m.status().name(), m.status().label(), m.figureDone(),
				m.figureTotal(), m.latestProgress(), rules);
	}

	public static boolean isOverdue(Measure m) {
		return m.isOverdue(Now.today());
	}

	static Totals totals(int problems, List<Measure> measures, int rulesMade) {
		var t = MeasureRules.Tally.of(measures, Now.today());
		return new Totals(problems, t.measures(), t.closed(), t.longTerm(), t.continuing(), t.overdue(),
				t.completionRate(), rulesMade);
	}

	/** A completion rate as the notices print it: 97.33%. */
	public static String rate(long done, long total) {
		if (total == 0) {
			return "0.00%";
		}
		return BigDecimal.valueOf(done * 100L).divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP) + "%";
	}

	/** Resolves each department and person once per tree. */
	private static final class NameCache {
		private final Directory directory;
		private final Map<String, String> departments = new java.util.HashMap<>();
		private final Map<String, String> people = new java.util.HashMap<>();

		NameCache(Directory directory) {
			this.directory = directory;
		}

		String department(String id) {
			return id == null ? null : departments.computeIfAbsent(id, directory::departmentName);
		}

		String person(String id) {
			return id == null ? null : people.computeIfAbsent(id, directory::personName);
		}
	}
}
