package cn.xuncha.rectify.round;

import java.time.LocalDate;
import java.time.Period;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.JsonVariables;
import cn.xuncha.rectify.system.Limits;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerInput;
import cn.xuncha.rectify.ledger.MeasureRules;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.ledger.RoundStatus;

/** Registers an inspection's feedback as a round in the ledger and starts its rectification process. */
@Service
public class RoundService {

	/**
	 * Variables of the registration form (Task_RegisterFeedback) that carry the round's settings; not named
	 * reportDueDate, the engine-owned due date of the half-monthly review's report tasks.
	 */
	public static final String REPORT_DUE_DATE = "reportDeadline";
	public static final String PLAN_SIGN_OFF = "planSignOff";

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,39}");

	private final Ledger ledger;
	private final Directory directory;
	private final RuntimeService runtime;
	private final JsonVariables json;
	private final Limits limits;
	private final Privileged privileged;
	private final Period reportPeriod;
	private final boolean planSignOff;

	RoundService(Ledger ledger, Directory directory, RuntimeService runtime, JsonVariables json, Limits limits,
			Privileged privileged, @Value("${rectify.report.period:P2M}") Period reportPeriod,
			@Value("${rectify.round.plan-sign-off:true}") boolean planSignOff) {
		this.reportPeriod = reportPeriod;
		this.planSignOff = planSignOff;
		this.ledger = ledger;
		this.directory = directory;
		this.runtime = runtime;
		this.json = json;
		this.limits = limits;
		this.privileged = privileged;
	}

	public record Created(String id, String processInstanceId, int categories, int problems, int measures) {
	}

	/** Stores the round and starts its process in one transaction: a refused round leaves nothing behind. */
	@Transactional
	public Created create(RoundDraft imported) {
		validate(imported);
		// DOMAIN: the secretary approves the plan as a whole, unless the round is registered without (small rounds)
		RoundDraft draft = imported.withSettings(reportDueDate(imported),
				imported.planSignOff() != null ? imported.planSignOff() : planSignOff);
		String key = draft.key() != null ? draft.key() : nextKey(draft);
		if (ledger.roundExists(key)) {
			throw new DuplicateRoundException(key);
		}
		long roundId = ledger.insertRound(key, draft);
		List<Map<String, Object>> assignments = new ArrayList<>();
		int problemSeq = 0;
		for (int c = 0; c < draft.categories().size(); c++) {
			var category = draft.categories().get(c);
			long categoryId = ledger.insertCategory(roundId, c + 1, category.title());
			for (int p = 0; p < category.problems().size(); p++) {
				var problem = category.problems().get(p);
				String problemKey = key + "-P" + (++problemSeq);
				long problemId = ledger.insertProblem(roundId, categoryId, p + 1, problemKey, problem);
				for (int m = 0; m < problem.measures().size(); m++) {
					var measure = problem.measures().get(m);
					ledger.insertMeasure(problemId, m + 1, problemKey + "-M" + (m + 1), measure, MeasureStatus.PLANNED);
				}
				assignments.add(assignment(problemKey, category.title(), problem));
			}
		}
		// The office may register a round; the engine starts it with its own authority (nobody holds CREATE_INSTANCE).
		var instance = privileged.call(() -> runtime.createProcessInstanceByKey(RoundProcess.ID).businessKey(key)
				.setVariable("roundKey", key).setVariable("roundTitle", draft.title())
				.setVariable("problems", json.json(assignments))
				// the registration form shows the settings; the office may change them there (assign)
				.setVariable(REPORT_DUE_DATE, draft.reportDueDate().toString())
				.setVariable(PLAN_SIGN_OFF, draft.planSignOff()).execute());
		return new Created(key, instance.getId(), draft.categories().size(), draft.problemCount(),
				draft.measureCount());
	}

	/**
	 * DOMAIN: 整改情况报告 — due two months after the feedback (rectify.report.period), or after the registration when
	 * the feedback date is not known.
	 */
	private LocalDate reportDueDate(RoundDraft draft) {
		if (draft.reportDueDate() != null) {
			return draft.reportDueDate();
		}
		return (draft.feedbackDate() != null ? draft.feedbackDate() : Now.today()).plus(reportPeriod);
	}

	private static Map<String, Object> assignment(String problemKey, String categoryTitle,
			RoundDraft.ProblemDraft problem) {
		var row = new java.util.LinkedHashMap<String, Object>();
		row.put("problemKey", problemKey);
		row.put("categoryTitle", categoryTitle);
		row.put("title", problem.title());
		row.put("department", problem.department());
		row.put("leadLeader", problem.leadLeader());
		return row;
	}

	/** One problem's department and lead leader as the office assigns them in Task_RegisterFeedback. */
	public record Assignment(String problemKey, String department, String leadLeader) {
	}

	/** The round's settings as the office confirms them in Task_RegisterFeedback (null: keep what is registered). */
	public record Settings(String reportDueDate, Boolean planSignOff) {
	}

	/**
	 * Applies the office's assignment of every problem and its settings of the round; answers the problem keys to
	 * rectify, in ledger order, and whether the secretary approves the plan as a whole.
	 */
	@Transactional
	public Assigned assign(String roundKey, List<Assignment> assignments, Settings settings) {
		Round round = ledger.round(roundKey);
		LocalDate due = round.reportDueDate();
		if (settings.reportDueDate() != null && !settings.reportDueDate().isBlank()) {
			try {
				due = LocalDate.parse(settings.reportDueDate().strip());
			}
			catch (java.time.format.DateTimeParseException e) {
				throw new FormInputException(REPORT_DUE_DATE, "整改情况报告报送时限格式错误 (expected yyyy-MM-dd): "
						+ LedgerInput.shown(settings.reportDueDate()));
			}
			String bad = reportDueProblem(due, round.feedbackDate());
			if (bad != null) {
				throw new FormInputException(REPORT_DUE_DATE, bad);
			}
		}
		if (due == null) {
			due = (round.feedbackDate() != null ? round.feedbackDate() : Now.today()).plus(reportPeriod);
		}
		boolean signOff = settings.planSignOff() != null ? settings.planSignOff() : round.planSignOff();
		ledger.updateRoundSettings(roundKey, due, signOff);
		return new Assigned(assign(round, assignments), signOff);
	}

	public record Assigned(List<String> problemKeys, boolean planSignOff) {
	}

	private List<String> assign(Round round, List<Assignment> assignments) {
		String roundKey = round.key();
		List<Problem> problems = ledger.problemsOfRound(round.id());
		var byKey = new java.util.HashMap<String, Assignment>();
		assignments.forEach(a -> byKey.put(a.problemKey(), a));
		for (Problem problem : problems) {
			Assignment a = byKey.get(problem.key());
			String where = "问题 " + problem.key() + "「" + problem.title() + "」";
			if (a == null) {
				throw new FormInputException("problems", where + " 未分派 (problem not assigned)");
			}
			if (!directory.isDepartment(a.department())) {
				throw new FormInputException("problems",
						where + " 的责任科室无效 (unknown department): " + a.department());
			}
			if (!directory.isUser(a.leadLeader())) {
				throw new FormInputException("problems", where + " 的牵头领导无效 (unknown leader): " + a.leadLeader());
			}
			ledger.assignProblem(problem.key(), a.department(), a.leadLeader());
		}
		ledger.updateRoundStatus(roundKey, RoundStatus.IN_PROGRESS);
		return problems.stream().map(Problem::key).toList();
	}

	/** The figures the office starts its report from (整改情况报告). */
	@Transactional
	public String summarize(String roundKey) {
		Round round = ledger.round(roundKey);
		ledger.updateRoundStatus(roundKey, RoundStatus.REPORTING);
		var measures = ledger.measuresOfRound(round.id());
		var tally = MeasureRules.Tally.of(measures, Now.today());
		int problems = ledger.problemsOfRound(round.id()).size();
		return "%s：共 %d 个问题、%d 项整改措施；已完成销号 %d 项，基本完成并长期坚持 %d 项，完成率 %s。".formatted(round.title(),
				problems, tally.measures(), tally.closed(), tally.longTerm(), tally.completionRate());
	}

	/** Why a report due date cannot be, or null. */
	private static String reportDueProblem(LocalDate due, LocalDate feedbackDate) {
		String bad = LedgerInput.dateProblem(due);
		if (bad != null) {
			return bad;
		}
		if (feedbackDate != null && due.isBefore(feedbackDate)) {
			return "整改情况报告报送时限 %s 早于反馈日期 %s (report due before the feedback date)".formatted(due, feedbackDate);
		}
		return null;
	}

	public void close(String roundKey) {
		ledger.updateRoundStatus(roundKey, RoundStatus.CLOSED);
	}

	private String nextKey(RoundDraft draft) {
		int year = draft.feedbackDate() != null ? draft.feedbackDate().getYear() : Year.from(Now.today()).getValue();
		String prefix = "XC-" + year + "-";
		int n = ledger.countRoundsWithPrefix(prefix) + 1;
		while (ledger.roundExists(prefix + "%02d".formatted(n))) {
			n++;
		}
		return prefix + "%02d".formatted(n);
	}

	/**
	 * The checks an imported round must pass; the message names the place and what was expected. Sizes first: a round
	 * beyond rectify.limits is refused before anything in it is looked at.
	 */
	void validate(RoundDraft draft) {
		if (draft == null) {
			throw new InvalidRoundException("请求体为空 (empty body): expected a round as JSON");
		}
		if (draft.key() != null && !KEY.matcher(draft.key()).matches()) {
			throw new InvalidRoundException("key: 编号只能包含字母、数字和连字符，2-40 位 (expected [A-Za-z0-9-]{2,40}), got \""
					+ LedgerInput.shown(draft.key()) + "\"");
		}
		require(draft.title(), "title", "标题");
		text(draft.title(), "title", LedgerInput.ROUND_TITLE, false);
		text(draft.unit(), "unit", LedgerInput.UNIT, false);
		text(draft.inspectionTeam(), "inspectionTeam", LedgerInput.INSPECTION_TEAM, false);
		date(draft.feedbackDate(), "feedbackDate");
		if (draft.reportDueDate() != null) {
			String bad = reportDueProblem(draft.reportDueDate(), draft.feedbackDate());
			if (bad != null) {
				throw new InvalidRoundException("reportDueDate: " + bad);
			}
		}
		if (draft.categories() == null || draft.categories().isEmpty()) {
			throw new InvalidRoundException("categories: 至少需要一个问题类别 (expected at least one category)");
		}
		validateSize(draft);
		for (int c = 0; c < draft.categories().size(); c++) {
			var category = draft.categories().get(c);
			String at = "categories[" + c + "]";
			if (category == null) {
				throw new InvalidRoundException(at + ": 不能为空 (null category)");
			}
			require(category.title(), at + ".title", "类别标题");
			text(category.title(), at + ".title", LedgerInput.CATEGORY_TITLE, true);
			if (category.problems() == null || category.problems().isEmpty()) {
				throw new InvalidRoundException(at + ".problems: 至少需要一个问题 (expected at least one problem)");
			}
			for (int p = 0; p < category.problems().size(); p++) {
				validateProblem(category.problems().get(p), at + ".problems[" + p + "]", draft.feedbackDate());
			}
		}
	}

	/** DOMAIN: a round is one inspection's feedback; thousands of problems are a mistake or an attack. */
	private void validateSize(RoundDraft draft) {
		long problems = 0;
		long measures = 0;
		for (var category : draft.categories()) {
			if (category != null && category.problems() != null) {
				problems += category.problems().size();
				for (var problem : category.problems()) {
					if (problem != null && problem.measures() != null) {
						measures += problem.measures().size();
					}
				}
			}
		}
		if (problems > limits.maxProblemsPerRound()) {
			throw new InvalidRoundException("categories: 问题过多：%d 个，每轮最多 %d 个 (too many problems: %d, at most %d per round)"
					.formatted(problems, limits.maxProblemsPerRound(), problems, limits.maxProblemsPerRound()));
		}
		if (measures > limits.maxMeasuresPerRound()) {
			throw new InvalidRoundException("categories: 措施过多：%d 项，每轮最多 %d 项 (too many measures: %d, at most %d per round)"
					.formatted(measures, limits.maxMeasuresPerRound(), measures, limits.maxMeasuresPerRound()));
		}
	}

	private void validateProblem(RoundDraft.ProblemDraft problem, String at, LocalDate feedbackDate) {
		if (problem == null) {
			throw new InvalidRoundException(at + ": 不能为空 (null problem)");
		}
		require(problem.title(), at + ".title", "问题标题");
		text(problem.title(), at + ".title", LedgerInput.PROBLEM_TITLE, true);
		text(problem.department(), at + ".department", LedgerInput.PERSON_OR_GROUP, false);
		text(problem.leadLeader(), at + ".leadLeader", LedgerInput.PERSON_OR_GROUP, false);
		if (problem.department() != null && !directory.isDepartment(problem.department())) {
			throw new InvalidRoundException(at + ".department: 未知的责任科室 (unknown department) \""
					+ problem.department() + "\"; expected one of " + departmentIds());
		}
		if (problem.leadLeader() != null && !directory.isUser(problem.leadLeader())) {
			throw new InvalidRoundException(
					at + ".leadLeader: 未知的牵头领导 (unknown user) \"" + problem.leadLeader() + "\"");
		}
		if (problem.measures() == null) {
			throw new InvalidRoundException(at + ".measures: 需要措施列表，可以为空 (expected a list, may be empty)");
		}
		var texts = new HashSet<String>();
		for (int m = 0; m < problem.measures().size(); m++) {
			var measure = problem.measures().get(m);
			String mat = at + ".measures[" + m + "]";
			if (measure == null) {
				throw new InvalidRoundException(mat + ": 不能为空 (null measure)");
			}
			require(measure.text(), mat + ".text", "措施内容");
			text(measure.text(), mat + ".text", LedgerInput.MEASURE_TEXT, true);
			if (!texts.add(measure.text().strip())) {
				throw new InvalidRoundException(mat + ".text: 与同一问题的另一项措施重复 (duplicate measure)");
			}
			text(measure.department(), mat + ".department", LedgerInput.PERSON_OR_GROUP, false);
			text(measure.responsiblePerson(), mat + ".responsiblePerson", LedgerInput.PERSON_OR_GROUP, false);
			if (measure.department() != null && !directory.isDepartment(measure.department())) {
				throw new InvalidRoundException(mat + ".department: 未知的责任科室 (unknown department) \""
						+ measure.department() + "\"; expected one of " + departmentIds());
			}
			date(measure.deadline(), mat + ".deadline");
			// DOMAIN: a measure answers the inspection's feedback; its deadline cannot precede it.
			if (measure.deadline() != null && feedbackDate != null && measure.deadline().isBefore(feedbackDate)) {
				throw new InvalidRoundException(mat + ".deadline: 整改时限 %s 早于反馈日期 %s (deadline before the feedback date)"
						.formatted(measure.deadline(), feedbackDate));
			}
			if (measure.figureDone() != null && measure.figureDone() < 0
					|| measure.figureTotal() != null && measure.figureTotal() < 0) {
				throw new InvalidRoundException(mat + ": figureDone 和 figureTotal 不能为负 (figures must not be negative)");
			}
			if (measure.figureDone() != null && measure.figureTotal() != null
					&& measure.figureDone() > measure.figureTotal()) {
				throw new InvalidRoundException(
						mat + ": figureDone 应在 0 与 figureTotal 之间 (expected 0 <= figureDone <= figureTotal)");
			}
		}
	}

	private List<String> departmentIds() {
		return directory.departments().stream().map(g -> g.getId()).toList();
	}

	private static void require(String value, String path, String name) {
		if (value == null || value.isBlank()) {
			throw new InvalidRoundException(path + ": " + name + "不能为空 (required)");
		}
	}

	private static void text(String value, String path, int maxLength, boolean multiline) {
		String problem = LedgerInput.textProblem(value, maxLength, multiline);
		if (problem != null) {
			throw new InvalidRoundException(path + ": " + problem);
		}
	}

	private static void date(LocalDate value, String path) {
		String problem = LedgerInput.dateProblem(value);
		if (problem != null) {
			throw new InvalidRoundException(path + ": " + problem);
		}
	}
}
