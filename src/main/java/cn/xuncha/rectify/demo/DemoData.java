package cn.xuncha.rectify.demo;

import cn.xuncha.rectify.review.ReviewProcess;
import cn.xuncha.rectify.measure.MeasureProcess;
import cn.xuncha.rectify.plan.ProblemProcess;
import cn.xuncha.rectify.round.RoundProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.measure.MeasureService;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.JsonVariables;
import cn.xuncha.rectify.system.Privileged;
import cn.xuncha.rectify.system.Now;

/**
 * On the first start of the demo: the seed's round (3 categories, 8 problems, 35 measures), walked through the real
 * processes as its people would, with the engine clock set back so a newcomer finds a mix of closed, on-track,
 * due-soon and overdue measures and plans still waiting for approval, rules (制度成果) recorded by the measures that
 * made them, and two 回头看 the office sampled: one held, one rebounded and is climbing the ladder again. All or
 * nothing, in one transaction.
 */
@Component
@ConditionalOnProperty(name = "rectify.demo.enabled", havingValue = "true")
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);
	/** The demo's story starts this many days ago; deadlines are relative to today. */
	private static final int STORY_DAYS = 75;

	private final DemoUsers users;
	private final RoundService rounds;
	private final Ledger ledger;
	private final TaskService tasks;
	private final RuntimeService runtime;
	private final IdentityService identity;
	private final JsonVariables json;
	private final Privileged privileged;
	private final ObjectMapper mapper;
	private final MeasureService measures;

	DemoData(DemoUsers users, RoundService rounds, Ledger ledger, TaskService tasks,
			RuntimeService runtime, IdentityService identity, JsonVariables json, Privileged privileged,
			ObjectMapper mapper, MeasureService measures) {
		this.measures = measures;
		this.users = users;
		this.rounds = rounds;
		this.ledger = ledger;
		this.tasks = tasks;
		this.runtime = runtime;
		this.identity = identity;
		this.json = json;
		this.privileged = privileged;
		this.mapper = mapper;
	}

	enum State {
		PLANNED, ON_TRACK, DUE_SOON, OVERDUE, CLOSURE_REQUESTED, CLOSED, LONG_TERM
	}

	record DemoMeasure(String text, String department, String responsiblePerson, MeasureType type, Integer figureDone,
			Integer figureTotal, State demoState, int deadlineDays, List<DemoRule> rules, DemoRecheck demoRecheck) {

		List<DemoRule> rulesMade() {
			return rules == null ? List.of() : rules;
		}
	}

	/** A rule the measure produced, as the seed names it; recorded five days after it was issued. */
	record DemoRule(String title, String kind) {
	}

	/** The office's sample of a closed measure {@code daysAgo}, answered the next day. */
	record DemoRecheck(int daysAgo, String result, String note, Integer reboundDeadlineDaysAgo) {
	}

	record DemoProblem(String title, String department, String leadLeader, boolean demoPlanPending,
			List<DemoMeasure> measures) {
	}

	record DemoCategory(String title, List<DemoProblem> problems) {
	}

	record DemoRound(String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			List<DemoCategory> categories) {
	}

	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void load() {
		users.create();
		DemoRound demo = read();
		if (ledger.roundExists(demo.key())) {
			return;
		}
		long started = System.nanoTime();
		LocalDate today = Now.today();
		try {
			play(demo, today);
		}
		finally {
			ClockUtil.reset();
			identity.clearAuthentication();
		}
		log.info("Demo round {} loaded in {} ms", demo.key(), (System.nanoTime() - started) / 1_000_000);
	}

	private void play(DemoRound demo, LocalDate today) {
		at(today.minusDays(STORY_DAYS));
		as("office");
		String roundKey = rounds.create(draft(demo)).id();
		complete(roundKey, RoundProcess.TASK_REGISTER_FEEDBACK, "office", Map.of());

		int problemSeq = 0;
		Map<String, DemoMeasure> rechecked = new LinkedHashMap<>();
		for (DemoCategory category : demo.categories()) {
			for (DemoProblem problem : category.problems()) {
				String problemKey = roundKey + "-P" + (++problemSeq);
				playProblem(problemKey, problem, today);
				for (int i = 0; i < problem.measures().size(); i++) {
					if (problem.measures().get(i).demoRecheck() != null) {
						rechecked.put(problemKey + "-M" + (i + 1), problem.measures().get(i));
					}
				}
			}
		}
		rechecked.entrySet().stream().sorted(java.util.Comparator.comparing(e -> -e.getValue().demoRecheck().daysAgo()))
				.forEach(e -> playRecheck(e.getKey(), e.getValue(), today));
		playLastReview(today);
	}

	/**
	 * DOMAIN: 回头看 — the office samples a closed measure (its scheduled check is brought forward) and the department
	 * answers the next day; a rebound reopens the measure with a new deadline, which the last review finds passed.
	 */
	private void playRecheck(String key, DemoMeasure m, LocalDate today) {
		DemoRecheck recheck = m.demoRecheck();
		at(today.minusDays(recheck.daysAgo()));
		as("office");
		measures.sampleRecheck(key, "office");
		at(today.minusDays(recheck.daysAgo() - 1));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("recheckResult", recheck.result());
		answer.put("recheckNote", recheck.note());
		if (recheck.reboundDeadlineDaysAgo() != null) {
			answer.put("reboundDeadline", today.minusDays(recheck.reboundDeadlineDaysAgo()).toString());
		}
		complete(key, MeasureProcess.TASK_RECHECK, m.responsiblePerson(), answer);
	}

	/** The form's lines ({@code 名称｜文号｜印发日期｜新建或修订}); the seed names no document numbers. */
	private static String ruleLines(DemoMeasure m, LocalDate recordedOn) {
		return String.join("\n", m.rulesMade().stream()
				.map(r -> r.title() + "｜｜" + recordedOn.minusDays(5) + "｜" + r.kind()).toList());
	}

	/**
	 * The previous half-monthly review ran 15 days ago and every department but maintenance reported; so the
	 * office's next review finds measures overdue twice in a row and a missing report.
	 */
	private void playLastReview(LocalDate today) {
		at(today.minusDays(15));
		as("office");
		// As POST /api/reviews does: the office asks, the engine starts the review with its own authority.
		privileged.run(() -> runtime.createProcessInstanceByKey(ReviewProcess.ID).setVariable("trigger", "DEMO")
				.startBeforeActivity(ReviewProcess.TASK_EVALUATE_MEASURES).execute());
		at(today.minusDays(14));
		identity.clearAuthentication();
		for (Task report : tasks.createTaskQuery().taskDefinitionKey(ReviewProcess.TASK_REPORT_PROGRESS).list()) {
			identity.clearAuthentication();
			String department = tasks.getIdentityLinksForTask(report.getId()).stream()
					.filter(l -> l.getGroupId() != null).map(l -> l.getGroupId()).findFirst().orElseThrow();
			if (department.equals("dept-maint")) {
				continue;
			}
			List<Map<String, Object>> items = new ArrayList<>();
			for (var item : json.readList(tasks.getVariable(report.getId(), "reportItems"), Map.class)) {
				@SuppressWarnings("unchecked")
				Map<String, Object> row = new LinkedHashMap<>(item);
				row.put("progressNote", "本期按计划推进，已完成阶段性任务。");
				items.add(row);
			}
			String staff = staffOf(department);
			as(staff);
			tasks.claim(report.getId(), staff);
			tasks.complete(report.getId(), Map.of("reportItems", json.json(items)));
		}
	}

	private void playProblem(String problemKey, DemoProblem problem, LocalDate today) {
		at(today.minusDays(STORY_DAYS - 2));
		String staff = staffOf(problem.department());
		List<Map<String, Object>> plan = new ArrayList<>();
		for (DemoMeasure m : problem.measures()) {
			var item = new LinkedHashMap<String, Object>();
			item.put("text", m.text());
			item.put("department", m.department());
			item.put("responsiblePerson", m.responsiblePerson());
			item.put("deadline", today.plusDays(m.deadlineDays()).toString());
			item.put("type", m.type().name());
			item.put("figureTotal", m.figureTotal());
			plan.add(item);
		}
		complete(problemKey, ProblemProcess.TASK_DRAFT_PLAN, staff, Map.of("measures", json.json(plan)));
		if (problem.demoPlanPending()) {
			return;
		}
		at(today.minusDays(STORY_DAYS - 4));
		complete(problemKey, ProblemProcess.TASK_REVIEW_PLAN, problem.leadLeader(),
				Map.of("planDecision", "approve", "planComment", "同意。"));
		for (int i = 0; i < problem.measures().size(); i++) {
			playMeasure(problemKey + "-M" + (i + 1), problem.measures().get(i), problem.leadLeader(), today);
		}
	}

	private void playMeasure(String key, DemoMeasure m, String leader, LocalDate today) {
		String staff = m.responsiblePerson();
		LocalDate deadline = today.plusDays(m.deadlineDays());
		at(today.minusDays(STORY_DAYS - 6));
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("progressNote", "已制定推进计划，明确专人负责，按时间节点推进。");
		report.put("executionAction", "report");
		if (m.figureTotal() != null) {
			report.put("figureDone", m.figureDone() == null ? 0 : m.figureDone() / 2);
			report.put("figureTotal", m.figureTotal());
		}
		complete(key, MeasureProcess.TASK_EXECUTE_MEASURE, staff, report);
		switch (m.demoState()) {
			case ON_TRACK, DUE_SOON, OVERDUE -> {
				if (!m.rulesMade().isEmpty()) {
					at(today.minusDays(STORY_DAYS - 20));
					complete(key, MeasureProcess.TASK_EXECUTE_MEASURE, staff, Map.of("progressNote",
							"制度已印发实施，正在组织学习。", "executionAction", "report", "rulesMade",
							ruleLines(m, today.minusDays(STORY_DAYS - 20))));
				}
			}
			case CLOSURE_REQUESTED -> requestClosure(key, m, staff, today.minusDays(2));
			case CLOSED, LONG_TERM -> {
				LocalDate done = deadline.minusDays(3);
				requestClosure(key, m, staff, done);
				complete(key, MeasureProcess.TASK_VERIFY_EVIDENCE, "office",
						Map.of("verifyDecision", "pass", "returnComment", "佐证材料齐全。"));
				complete(key, MeasureProcess.TASK_APPROVE_CLOSURE, leader,
						Map.of("closureDecision", "approve", "returnComment", "同意销号。"));
			}
			default -> throw new IllegalStateException("Unexpected demo state of " + key + ": " + m.demoState());
		}
	}

	private void requestClosure(String key, DemoMeasure m, String staff, LocalDate day) {
		at(day);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("progressNote", "整改措施已落实到位，申请销号。");
		report.put("executionAction", "requestClosure");
		if (m.figureTotal() != null) {
			report.put("figureDone", m.figureDone());
			report.put("figureTotal", m.figureTotal());
		}
		complete(key, MeasureProcess.TASK_EXECUTE_MEASURE, staff, report);
		byte[] evidence = ("佐证材料 " + key + "\n" + m.text() + "\n").getBytes(StandardCharsets.UTF_8);
		complete(key, MeasureProcess.TASK_SUBMIT_EVIDENCE, staff,
				Map.of("closureSummary", "已完成：" + m.text(), "rulesMade", ruleLines(m, day), "evidenceFile",
						Variables.fileValue("佐证材料-" + key + ".txt").file(evidence).mimeType("text/plain")
								.encoding("UTF-8").create()));
	}

	private RoundDraft draft(DemoRound demo) {
		return new RoundDraft(demo.key(), demo.title(), demo.unit(), demo.inspectionTeam(), demo.feedbackDate(),
				demo.categories().stream().map(c -> new RoundDraft.CategoryDraft(c.title(), c.problems().stream()
						.map(p -> new RoundDraft.ProblemDraft(p.title(), p.department(), p.leadLeader(), List.of()))
						.toList())).toList());
	}

	private Task task(String businessKey, String definitionKey) {
		Task task = tasks.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(definitionKey)
				.singleResult();
		if (task == null) {
			throw new IllegalStateException("Demo expected " + definitionKey + " for " + businessKey);
		}
		return task;
	}

	private void complete(String businessKey, String definitionKey, String user, Map<String, Object> variables) {
		as(user);
		Task task = task(businessKey, definitionKey);
		if (task.getAssignee() == null) {
			tasks.claim(task.getId(), user);
		}
		tasks.complete(task.getId(), variables);
	}

	/** Acts as this person, with their groups, so the engine checks their authorizations as in Tasklist. */
	private void as(String user) {
		identity.clearAuthentication();
		var groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
		identity.setAuthentication(user, groups);
	}

	private static void at(LocalDate day) {
		ClockUtil.setCurrentTime(Date.from(day.atTime(10, 0).atZone(Now.CHINA).toInstant()));
	}

	private static String staffOf(String department) {
		return "staff-" + department.substring("dept-".length());
	}

	private DemoRound read() {
		try (InputStream in = new ClassPathResource("demo/demo-round.json").getInputStream()) {
			return mapper.readValue(in, DemoRound.class);
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read demo/demo-round.json", e);
		}
	}
}
