package cn.xuncha.rectify.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.BadInputException;
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

	/**
	 * {@code page} is set when the tree is one page of the selected measures: their totals are the selection's, the
	 * categories and problems only those of the page's measures.
	 */
	public record RoundTree(String id, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			String status, String statusLabel, Totals totals, List<CategoryNode> categories, Page page) {
	}

	/** Which page (from 1) of how many, of how many selected measures. */
	public record Page(int number, int size, int pages, int measures) {
	}

	/**
	 * Which measures a ledger read wants: of a department (group id), in a status ({@link MeasureStatus} name, or
	 * {@code OPEN} / {@code OVERDUE}), with a review light ({@code GREEN}, {@code YELLOW}, {@code RED}, or
	 * {@code NONE} for not reviewed yet); each null for any. {@code page} (from 1) and {@code size} slice them.
	 */
	public record Selection(String department, String status, String light, Integer page, Integer size) {

		public static final Selection ALL = new Selection(null, null, null, null, null);
		public static final int MAX_SIZE = 1000;

		public Selection {
			if (status != null && !List.of("OPEN", "OVERDUE").contains(status)
					&& java.util.Arrays.stream(MeasureStatus.values()).noneMatch(v -> v.name().equals(status))) {
				throw new BadInputException("status 应为 OPEN、OVERDUE 或 " + java.util.Arrays.toString(MeasureStatus.values())
						+ " 之一 (unknown status): " + status);
			}
			if (light != null && !List.of("GREEN", "YELLOW", "RED", "NONE").contains(light)) {
				throw new BadInputException("light 应为 GREEN、YELLOW、RED 或 NONE (unknown light): " + light);
			}
			if (page != null && page < 1 || size != null && (size < 1 || size > MAX_SIZE)) {
				throw new BadInputException("page 从 1 起，size 为 1 至 " + MAX_SIZE + " (page from 1, size 1.." + MAX_SIZE
						+ "): page=" + page + ", size=" + size);
			}
		}

		boolean paged() {
			return page != null || size != null;
		}

		boolean selects(Measure m, String colour) {
			if (department != null && !department.equals(m.department())) {
				return false;
			}
			if (status != null && !switch (status) {
				case "OPEN" -> m.isOpen();
				case "OVERDUE" -> LedgerView.isOverdue(m);
				default -> m.status().name().equals(status);
			}) {
				return false;
			}
			return light == null || light.equals(colour == null ? "NONE" : colour);
		}
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
		return tree(roundKey, viewer, Selection.ALL);
	}

	/**
	 * The tree of the selected measures the viewer may see (staff: their department's), one page of them when the
	 * selection says so, in the ledger's order (category, problem, measure).
	 */
	public RoundTree tree(String roundKey, Viewer viewer, Selection selection) {
		Round round = ledger.round(roundKey);
		Map<String, String> colours = selection.light() == null ? Map.of()
				: ledger.markings(roundKey).stream().filter(m -> m.colour() != null)
						.collect(Collectors.toMap(Ledger.Marking::measureKey, Ledger.Marking::colour));
		List<Measure> measures = ledger.measuresOfRound(round.id()).stream().filter(m -> viewer.sees(m.department()))
				.filter(m -> selection.selects(m, colours.get(m.key()))).toList();
		boolean whole = selection.equals(Selection.ALL);
		var selectedProblems = measures.stream().map(Measure::problemId).collect(Collectors.toSet());
		List<Problem> problems = ledger.problemsOfRound(round.id()).stream()
				.filter(p -> selectedProblems.contains(p.id()) || whole && viewer.sees(p.department())).toList();
		var selectedMeasures = measures.stream().map(Measure::id).collect(Collectors.toSet());
		List<RuleMade> selectedRules = rulesMade.ofRound(round.id()).stream()
				.filter(r -> selectedMeasures.contains(r.measureId())).toList();
		Totals totals = totals(problems.size(), measures, selectedRules.size());
		Page page = null;
		if (selection.paged()) {
			int size = selection.size() == null ? 200 : selection.size();
			int number = selection.page() == null ? 1 : selection.page();
			// the ledger's order, as the tree shows it: category, then problem, then measure
			Map<Long, List<Measure>> ofProblem = measures.stream().collect(Collectors.groupingBy(Measure::problemId));
			List<Measure> ordered = new ArrayList<>(measures.size());
			for (var category : ledger.categories(round.id())) {
				problems.stream().filter(p -> p.categoryId() == category.id())
						.forEach(p -> ordered.addAll(ofProblem.getOrDefault(p.id(), List.of())));
			}
			page = new Page(number, size, Math.max(1, (ordered.size() + size - 1) / size), ordered.size());
			measures = ordered.subList(Math.min(ordered.size(), (number - 1) * size),
					Math.min(ordered.size(), number * size));
			var onPage = measures.stream().map(Measure::problemId).collect(Collectors.toSet());
			problems = problems.stream().filter(p -> onPage.contains(p.id())).toList();
		}
		Map<Long, List<Measure>> byProblem = measures.stream().collect(Collectors.groupingBy(Measure::problemId));
		var shownMeasures = measures.stream().map(Measure::id).collect(Collectors.toSet());
		Map<Long, List<RuleNode>> rules = selectedRules.stream().filter(r -> shownMeasures.contains(r.measureId()))
				.collect(Collectors.groupingBy(RuleMade::measureId, Collectors.mapping(RuleNode::of, Collectors.toList())));
		Map<Long, List<Problem>> byCategory = problems.stream().collect(Collectors.groupingBy(Problem::categoryId));
		var names = new NameCache(directory);
		var categories = ledger.categories(round.id()).stream().filter(c -> byCategory.containsKey(c.id()))
				.map(c -> new CategoryNode(c.seq(), c.title(), byCategory.getOrDefault(c.id(), List.of()).stream()
						.map(p -> problemNode(p, byProblem.getOrDefault(p.id(), List.of()), rules, names)).toList()))
				.toList();
		return new RoundTree(round.key(), round.title(), round.unit(), round.inspectionTeam(), round.feedbackDate(),
				round.status().name(), round.status().label(), totals, categories, page);
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
