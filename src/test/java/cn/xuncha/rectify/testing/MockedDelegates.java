package cn.xuncha.rectify.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

import cn.xuncha.rectify.system.Now;

/**
 * Stand-ins for the delegate beans of docs/processes.md, registered under their bean names. A small
 * ledger replaces the database, so each one sets the variables its real bean sets; each is a Mockito
 * mock a test can verify.
 */
public final class MockedDelegates {

	public record Problem(String title, String categoryTitle, String department, String leadLeader) {
	}

	public record Measure(String problemKey, String text, String type, LocalDate deadline) {

		public Date deadlineDate() {
			return Now.endOfDay(deadline); // the production rule: a deadline ends at 18:00 China time
		}
	}

	private final Map<String, JavaDelegate> beans = new HashMap<>();
	private final Map<String, Problem> problems = new HashMap<>();
	private final Map<String, Measure> measures = new HashMap<>();

	private MockedDelegates() {
	}

	/** Registers every delegate bean with {@link Mocks}; call {@link Mocks#reset()} after the test. */
	public static MockedDelegates register() throws Exception {
		MockedDelegates delegates = new MockedDelegates();
		delegates.registerRoundBeans();
		delegates.registerProblemBeans();
		delegates.registerSignOffAndReportBeans();
		delegates.registerMeasureBeans();
		delegates.bean("recordPeriodicCheck", execution -> {
		});
		delegates.registerReviewBeans();
		Mocks.register("owner", delegates.new Owner());
		// names tasks after their matter from the ledger (tasklist/TaskMatter); the models' plain names stay here
		Mocks.register("taskMatter", mock(TaskListener.class, "taskMatter"));
		return delegates;
	}

	/**
	 * The {@code owner} bean: whose task it is, from this small ledger by the process's business key. A test that
	 * starts a process without a ledger row gives the owner as the start variables departmentGroup, leadLeader
	 * and deadline.
	 */
	public final class Owner {

		public String department(DelegateExecution execution) {
			String key = execution.getProcessBusinessKey();
			Measure measure = measures.get(key);
			Problem problem = problems.get(measure != null ? measure.problemKey() : key);
			return problem != null ? problem.department() : (String) execution.getVariable("departmentGroup");
		}

		public String leadLeader(DelegateExecution execution) {
			String key = execution.getProcessBusinessKey();
			Measure measure = measures.get(key);
			Problem problem = problems.get(measure != null ? measure.problemKey() : key);
			return problem != null ? problem.leadLeader() : (String) execution.getVariable("leadLeader");
		}

		public Date deadline(DelegateExecution execution) {
			Measure measure = measures.get(execution.getProcessBusinessKey());
			return measure != null ? measure.deadlineDate() : (Date) execution.getVariable("deadline");
		}
	}

	public JavaDelegate bean(String name) {
		return beans.get(name);
	}

	/** A problem as the office assigned it (what {@code assignProblems} saves). */
	public MockedDelegates problem(String problemKey, Problem problem) {
		problems.put(problemKey, problem);
		return this;
	}

	/** A measure of an approved plan (what {@code savePlan} saves). */
	public MockedDelegates measure(String measureKey, Measure measure) {
		measures.put(measureKey, measure);
		return this;
	}

	public Measure measure(String measureKey) {
		return measures.get(measureKey);
	}

	private void registerRoundBeans() throws Exception {
		bean("assignProblems", execution -> {
			List<String> problemKeys = new ArrayList<>();
			for (SpinJsonNode item : json(execution, "problems").elements()) {
				String problemKey = item.prop("problemKey").stringValue();
				problem(problemKey, new Problem(item.prop("title").stringValue(),
						item.prop("categoryTitle").stringValue(), item.prop("department").stringValue(),
						item.prop("leadLeader").stringValue()));
				problemKeys.add(problemKey);
			}
			execution.setVariable("problemKeys", problemKeys);
			// the round's setting as registered; a round started without it skips the secretary's sign-off
			execution.setVariable("planSignOff", Boolean.TRUE.equals(execution.getVariable("planSignOff")));
		});
		bean("summarizeRound", execution -> {
			int count = ((List<?>) execution.getVariable("problemKeys")).size();
			execution.setVariable("roundSummary", "问题 %d 个，已完成整改 %d 个".formatted(count, count));
		});
		bean("closeRound", execution -> {
		});
	}

	// --- the secretary's sign-off of the whole plan and the round's reports (issue 10, items 3 and 4) ---

	/** Problems whose plan waits for the secretary (what {@code awaitPlanSignOff} marks), by round key. */
	private final Map<String, List<String>> awaitingSignOff = new HashMap<>();
	private final java.util.Set<String> signOffRounds = new java.util.HashSet<>();
	private String roundReportDue = "2099-12-31";

	/** The round's plan goes to the secretary (the round's registered setting, read by awaitPlanSignOff). */
	public MockedDelegates signOff(String roundKey) {
		signOffRounds.add(roundKey);
		return this;
	}

	/** The round's report due date as registered (what {@code roundReport} reads). */
	public MockedDelegates reportDue(LocalDate due) {
		roundReportDue = due.toString();
		return this;
	}

	/**
	 * The {@code roundReport} bean: the report's due date at 18:00, drafting 10 days before it, the reminder a week
	 * before it (report/RoundReportDates).
	 */
	public final class ReportDates {

		public Date dueDate(DelegateExecution execution) {
			return Now.endOfDay(LocalDate.parse(roundReportDue));
		}

		public Date draftDate(DelegateExecution execution) {
			return Date.from(LocalDate.parse(roundReportDue).minusDays(10).atStartOfDay(Now.CHINA).toInstant());
		}

		public Date reminderDate(DelegateExecution execution) {
			return Now.endOfDay(LocalDate.parse(roundReportDue).minusDays(7));
		}
	}

	private void registerSignOffAndReportBeans() throws Exception {
		Mocks.register("roundReport", new ReportDates());
		bean("awaitPlanSignOff", execution -> {
			String problemKey = execution.getProcessBusinessKey();
			String roundKey = (String) execution.getVariable("roundKey");
			boolean required = signOffRounds.contains(roundKey);
			execution.setVariable("signOffRequired", required);
			if (required) {
				List<String> waiting = awaitingSignOff.computeIfAbsent(roundKey, k -> new ArrayList<>());
				waiting.add(problemKey);
				long ofRound = problems.keySet().stream().filter(k -> k.startsWith(roundKey + "-P")).count();
				if (waiting.size() == ofRound) {
					execution.getProcessEngineServices().getRuntimeService().createMessageCorrelation("wholePlanReady")
							.processInstanceBusinessKey(roundKey).correlate();
				}
			}
		});
		bean("prepareWholePlan", execution -> {
			String roundKey = execution.getProcessBusinessKey();
			List<Map<String, Object>> rows = new ArrayList<>();
			List<Map<String, Object>> options = new ArrayList<>();
			new TreeMap<>(problems).forEach((key, problem) -> {
				if (key.startsWith(roundKey + "-P")) {
					rows.add(Map.of("key", key, "title", problem.title()));
					options.add(Map.of("label", key + " " + problem.title(), "value", key));
				}
			});
			ObjectMapper mapper = new ObjectMapper();
			execution.setVariable("wholePlan", SpinValues.jsonValue(mapper.writeValueAsString(
					Map.of("problems", rows, "tasks", List.of(), "responsibilities", List.of()))).create());
			execution.setVariable("problemOptions", SpinValues.jsonValue(mapper.writeValueAsString(options)).create());
			execution.setVariable("wholePlanSummary", "整改方案共%d个问题".formatted(rows.size()));
		});
		bean("signOffPlan", execution -> {
			for (String problemKey : awaitingSignOff.getOrDefault(execution.getProcessBusinessKey(), new ArrayList<>())) {
				execution.getProcessEngineServices().getRuntimeService().createMessageCorrelation("planSignedOff")
						.processInstanceBusinessKey(problemKey).correlate();
			}
			awaitingSignOff.remove(execution.getProcessBusinessKey());
		});
		bean("returnPlans", execution -> {
			List<String> waiting = awaitingSignOff.get(execution.getProcessBusinessKey());
			for (SpinJsonNode returned : json(execution, "returnedProblems").elements()) {
				String problemKey = returned.stringValue();
				waiting.remove(problemKey);
				execution.getProcessEngineServices().getRuntimeService()
						.createMessageCorrelation("planReturnedBySecretary").processInstanceBusinessKey(problemKey)
						.setVariable("planComment", "第一责任人退回：" + execution.getVariable("signOffComment"))
						.correlate();
			}
		});
		bean("prepareInterimReport", execution -> {
			execution.setVariable("reportFigures", SpinValues.jsonValue(
					"{\"completed\": [], \"longTerm\": [], \"open\": []}").create());
			execution.setVariable("reportSummary", "整改完成率 100.00%");
			execution.setVariable("reportAsOf", Now.today().toString());
			execution.setVariable("reportDue", roundReportDue);
		});
		bean("issueInterimReport", execution -> {
		});
		bean("remindInterimReport", execution -> {
		});
		bean("urgeInterimReport", execution -> {
		});
		bean("issueFinalReport", execution -> {
		});
	}

	private void registerProblemBeans() throws Exception {
		bean("loadProblem", execution -> {
			Problem problem = problems.get((String) execution.getVariable("problemKey"));
			execution.setVariable("problemTitle", problem.title());
			execution.setVariable("categoryTitle", problem.categoryTitle());
			execution.setVariable("departmentGroup", problem.department());
			execution.setVariable("leadLeader", problem.leadLeader());
			execution.setVariable("measures", SpinValues.jsonValue("[]").create());
		});
		bean("savePlan", execution -> {
			String problemKey = (String) execution.getVariable("problemKey");
			List<String> measureKeys = new ArrayList<>();
			for (SpinJsonNode item : json(execution, "measures").elements()) {
				String measureKey = problemKey + "-M" + (measureKeys.size() + 1);
				measure(measureKey, new Measure(problemKey, item.prop("text").stringValue(),
						item.prop("type").stringValue(), LocalDate.parse(item.prop("deadline").stringValue())));
				measureKeys.add(measureKey);
			}
			execution.setVariable("measureKeys", measureKeys);
		});
		bean("approvePlan", execution -> {
		});
		bean("closeProblem", execution -> {
		});
	}

	private void registerMeasureBeans() throws Exception {
		bean("loadMeasure", execution -> {
			Measure measure = measures.get((String) execution.getVariable("measureKey"));
			Problem problem = problems.get(measure.problemKey());
			execution.setVariable("measureText", measure.text());
			execution.setVariable("problemTitle", problem.title());
			execution.setVariable("departmentGroup", problem.department());
			execution.setVariable("leadLeader", problem.leadLeader());
			execution.setVariable("measureType", measure.type());
			execution.setVariable("deadline", measure.deadlineDate());
			execution.setVariable("deadlineText", measure.deadline().toString());
		});
		bean("recordProgress", execution -> {
		});
		bean("storeEvidence", execution -> {
			FileValue evidence = execution.getVariableTyped("evidenceFile");
			execution.setVariable("evidenceInfo", evidence.getFilename() + " SHA-256 0f3a…");
		});
		bean("reopenMeasure", execution -> {
		});
		bean("closeMeasure", execution -> {
		});
		bean("keepLongTerm", execution -> {
		});
	}

	private void bean(String name, JavaDelegate behaviour) throws Exception {
		JavaDelegate delegate = mock(JavaDelegate.class, name);
		doAnswer(invocation -> {
			behaviour.execute(invocation.getArgument(0));
			return null;
		}).when(delegate).execute(any());
		beans.put(name, delegate);
		Mocks.register(name, delegate);
	}

	private static SpinJsonNode json(DelegateExecution execution, String name) {
		return (SpinJsonNode) execution.getVariable(name);
	}

	// --- halfMonthlyReview, supervisedMatter, talkReminder ---

	/** The cron of the half-monthly review's timer start, as {@code ${reviewSchedule.cron}} reads it. */
	public static final String REVIEW_CRON = "0 0 9 1,16 * ?";

	/**
	 * The {@code reviewSchedule} bean. JUEL reads only JavaBean getters of public classes: a record's
	 * {@code cron()} accessor is not enough, and a non-public class's getter is not readable either.
	 */
	public record ReviewSchedule(String cron) {

		public String getCron() {
			return cron;
		}
	}

	private final AtomicLong reviewIds = new AtomicLong();
	private List<String> reportDepartments = List.of("dept-law", "dept-eng");
	private Date reportDueDate;
	private final Map<String, String> savedReports = new HashMap<>();
	private final List<String> missingReports = new ArrayList<>();
	private List<Integer> actionChunks = List.of();
	/** The chunks of a large review's actions, in the order their jobs ran. */
	public final List<Integer> appliedChunks = new ArrayList<>();

	/** What {@code evaluateReview} finds: the departments that must report and the due date (null: in 5 days). */
	public MockedDelegates review(List<String> departments, Date dueDate) {
		reportDepartments = List.copyOf(departments);
		reportDueDate = dueDate;
		return this;
	}

	/** A large review: {@code evaluateReview} leaves this many chunks of actions to the chunk jobs. */
	public MockedDelegates actionChunks(int chunks) {
		actionChunks = java.util.stream.IntStream.range(0, chunks).boxed().toList();
		return this;
	}

	/** The {@code reportItems} Json {@code saveReport} saved for a department, or null. */
	public String savedReport(String department) {
		return savedReports.get(department);
	}

	/** Departments {@code markReportMissing} marked, in order. */
	public List<String> missingReports() {
		return missingReports;
	}

	private void registerReviewBeans() throws Exception {
		Mocks.register("reviewSchedule", new ReviewSchedule(REVIEW_CRON));
		bean("evaluateReview", execution -> {
			Date due = reportDueDate != null ? reportDueDate
					: new Date(ClockUtil.getCurrentTime().getTime() + 5L * 24 * 60 * 60 * 1000);
			execution.setVariable("reviewId", reviewIds.incrementAndGet());
			execution.setVariable("reviewSummary", "在办措施 %d 项，需报送科室 %d 个".formatted(measures.size(),
					reportDepartments.size()));
			execution.setVariable("reportDepartments", new ArrayList<>(reportDepartments));
			execution.setVariable("reportDueDate", due);
			execution.setVariable("actionChunks", new ArrayList<>(actionChunks));
		});
		bean("applyReviewActions",
				execution -> appliedChunks.add(((Number) execution.getVariable("actionChunk")).intValue()));
		bean("prepareReport", execution -> {
			String department = (String) execution.getVariable("reportDepartment");
			List<Map<String, Object>> items = new ArrayList<>();
			new TreeMap<>(measures).forEach((measureKey, measure) -> {
				Problem problem = problems.get(measure.problemKey());
				if (problem != null && department.equals(problem.department())) {
					Map<String, Object> item = new LinkedHashMap<>();
					item.put("measureKey", measureKey);
					item.put("text", measure.text());
					item.put("deadline", measure.deadline().toString());
					item.put("progressNote", null);
					items.add(item);
				}
			});
			execution.setVariableLocal("reportItems",
					SpinValues.jsonValue(new ObjectMapper().writeValueAsString(items)).create());
		});
		bean("saveReport", execution -> savedReports.put((String) execution.getVariable("reportDepartment"),
				json(execution, "reportItems").toString()));
		bean("markReportMissing", execution -> missingReports.add((String) execution.getVariable("reportDepartment")));
		bean("confirmReview", execution -> {
		});
		bean("recordSupervision", execution -> {
		});
		bean("recordTalk", execution -> {
		});
	}
}
