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
import org.camunda.bpm.engine.ManagementService;
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
	/** The small round whose plan the secretary approves as a whole (issue 10, item 4). */
	static final String SIGN_OFF_ROUND = "HZSW-2026-ZX";

	private final DemoUsers users;
	private final RoundService rounds;
	private final Ledger ledger;
	private final TaskService tasks;
	private final RuntimeService runtime;
	private final IdentityService identity;
	private final JsonVariables json;
	private final Privileged privileged;
	private final ManagementService management;
	private final ObjectMapper mapper;
	private final MeasureService measures;

	DemoData(DemoUsers users, RoundService rounds, Ledger ledger, TaskService tasks,
			RuntimeService runtime, IdentityService identity, JsonVariables json, Privileged privileged,
			ObjectMapper mapper, MeasureService measures, ManagementService management) {
		this.management = management;
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

	/** {@code planSignOff}: the seed's round starts each problem's measures on its leader's approval. */
	record DemoRound(String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			Boolean planSignOff, List<DemoCategory> categories) {
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
		// The two-month report was due yesterday (the story's feedback is 75 days back, not the seed's 2020 date).
		String roundKey = rounds.create(draft(demo).withSettings(today.minusDays(1), demo.planSignOff())).id();
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
		playTwoMonthReport(roundKey, today);
		playSignOffRound(today);
	}

	/**
	 * DOMAIN: 整改情况报告 — ten days before it was due the office got the drafting task, drafted from that day's
	 * figures and the secretary signed it; the open and long-term measures go on.
	 */
	private void playTwoMonthReport(String roundKey, LocalDate today) {
		at(today.minusDays(11));
		identity.clearAuthentication();
		String roundInstance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(roundKey)
				.processDefinitionKey(RoundProcess.ID).singleResult().getId();
		// the job executor's part: the round's draft timer is due
		management.executeJob(management.createJobQuery().processInstanceId(roundInstance)
				.activityId(RoundProcess.START_INTERIM_REPORT_DUE).singleResult().getId());
		at(today.minusDays(10));
		complete(roundKey, RoundProcess.TASK_DRAFT_INTERIM_REPORT, "office", Map.of("interimReportText", """
				收到巡察反馈意见后，局党组召开专题会议研究部署，成立以党组书记为组长的整改工作领导小组，制定整改方案，明确每项措施的责任科室、经办人、牵头领导和整改时限，实行台账管理、滚动销号。
				集中整改期间，整改办每半月梳理一次整改进展，对推进滞后的措施逐级提醒、催办和督办。
				尚未完成的措施继续按时间节点推进，长期坚持的措施常态化检查，防止问题反弹。"""));
		at(today.minusDays(9));
		complete(roundKey, RoundProcess.TASK_SIGN_INTERIM_REPORT, "secretary",
				Map.of("interimDecision", "approve", "interimComment", "同意报送。"));
	}

	/**
	 * A small second round whose plan the secretary approves as a whole: both plans were approved by their leaders,
	 * the secretary returned one of them, it was redrafted and approved again, and the secretary's 审定整改方案 now
	 * waits in Tasklist.
	 */
	private void playSignOffRound(LocalDate today) {
		at(today.minusDays(18));
		as("office");
		var problems = List.of(
				new RoundDraft.ProblemDraft("河涌保洁外包监管不到位", "dept-river", "leader1", List.of()),
				new RoundDraft.ProblemDraft("工程变更审批不规范", "dept-eng", "leader2", List.of()));
		String roundKey = rounds.create(new RoundDraft(SIGN_OFF_ROUND, "区水务局党组专项巡察整改", "海珠区水务局党组", "区委第五巡察组",
				today.minusDays(20), List.of(new RoundDraft.CategoryDraft("落实河湖长制和工程建设管理有差距", problems)), null, true))
				.id();
		complete(roundKey, RoundProcess.TASK_REGISTER_FEEDBACK, "office", Map.of());
		at(today.minusDays(16));
		complete(roundKey + "-P1", ProblemProcess.TASK_DRAFT_PLAN, "staff-river", Map.of("measures", json.json(List.of(
				planItem("修订河涌保洁外包考核办法，按月考核并通报考核结果", "staff-river", today.plusDays(40), MeasureType.FIXED),
				planItem("建立河涌保洁质量随机抽查台账，每月抽查不少于两次", "staff-river", today.plusDays(30),
						MeasureType.LONG_TERM)))));
		complete(roundKey + "-P2", ProblemProcess.TASK_DRAFT_PLAN, "staff-eng", Map.of("measures", json.json(List.of(
				planItem("梳理在建工程变更事项，补齐审批手续", "staff-eng", today.plusDays(45), MeasureType.FIXED)))));
		at(today.minusDays(15));
		complete(roundKey + "-P1", ProblemProcess.TASK_REVIEW_PLAN, "leader1",
				Map.of("planDecision", "approve", "planComment", "同意。"));
		complete(roundKey + "-P2", ProblemProcess.TASK_REVIEW_PLAN, "leader2",
				Map.of("planDecision", "approve", "planComment", "同意。"));
		at(today.minusDays(13));
		complete(roundKey, RoundProcess.TASK_SIGN_OFF_PLAN, "secretary", Map.of("signOffDecision", "sendBack",
				"returnedProblems", json.json(List.of(roundKey + "-P2")),
				"signOffComment", "变更审批要逐项列明，补办手续要有完成时限和责任人。"));
		at(today.minusDays(11));
		complete(roundKey + "-P2", ProblemProcess.TASK_DRAFT_PLAN, "staff-eng", Map.of("measures", json.json(List.of(
				planItem("逐项列明在建工程变更事项，建立变更审批台账", "staff-eng", today.plusDays(25), MeasureType.FIXED),
				planItem("对未经审批的变更逐项补办手续，限期完成", "staff-eng", today.plusDays(45), MeasureType.FIXED)))));
		at(today.minusDays(10));
		complete(roundKey + "-P2", ProblemProcess.TASK_REVIEW_PLAN, "leader2",
				Map.of("planDecision", "approve", "planComment", "同意，报书记审定。"));
	}

	private static Map<String, Object> planItem(String text, String person, LocalDate deadline, MeasureType type) {
		var item = new LinkedHashMap<String, Object>();
		item.put("text", text);
		item.put("responsiblePerson", person);
		item.put("deadline", deadline.toString());
		item.put("type", type.name());
		return item;
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
