package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.escalation.Escalations;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/** A round of three measures in three departments, and reviews run on the engine's clock as the office runs them. */
@SpringBootTest
@ActiveProfiles("test")
abstract class ReviewFixture {


	@Autowired
	RoundService rounds;
	@Autowired
	ReviewService reviews;
	@Autowired
	Ledger ledger;
	@Autowired
	Escalations escalations;
	@Autowired
	TaskService tasks;
	@Autowired
	RuntimeService runtime;
	@Autowired
	Privileged privileged;
	@Autowired
	ManagementService management;
	@Autowired
	IdentityService identity;
	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	// --- helpers

	String setUpRound(LocalDate start) {
		at(start);
		String key = "LADDER-" + System.nanoTime() % 100000;
		var draft = new RoundDraft(key, "督办升级测试", null, null, null,
				List.of(new RoundDraft.CategoryDraft("测试类别", List.of(
						problem("执法案件录入不规范", "dept-law", "leader2"),
						problem("合同制人员管理不规范", "dept-hr", "leader2"),
						problem("河涌巡查不到位", "dept-river", "leader1")))));
		identity.setAuthentication("office", List.of("office"));
		try {
			rounds.create(draft);
		}
		finally {
			identity.clearAuthentication();
		}
		var walk = new Walk(tasks, identity);
		walk.complete(key, "Task_RegisterFeedback", "office", Map.of());
		plan(walk, key + "-P1", "staff-law", start.plusDays(5));
		plan(walk, key + "-P2", "staff-hr", start.plusDays(60));
		plan(walk, key + "-P3", "staff-river", start.plusDays(5));
		walk.complete(key + "-P1", "Task_ReviewPlan", "leader2", Map.of("planDecision", "approve"));
		walk.complete(key + "-P2", "Task_ReviewPlan", "leader2", Map.of("planDecision", "approve"));
		walk.complete(key + "-P3", "Task_ReviewPlan", "leader1", Map.of("planDecision", "approve"));
		return key;
	}

	static RoundDraft.ProblemDraft problem(String title, String department, String leader) {
		return new RoundDraft.ProblemDraft(title, department, leader, List.of());
	}

	static void plan(Walk walk, String problem, String staff, LocalDate deadline) {
		walk.complete(problem, "Task_DraftPlan", staff, Map.of("measures", List.of(Map.of("text", "整改措施：" + problem,
				"responsiblePerson", staff, "deadline", deadline.toString(), "type", "FIXED"))));
	}

	void closeMeasure(Walk walk, String measure) {
		walk.complete(measure, "Task_ExecuteMeasure", "staff-river",
				Map.of("progressNote", "已完成", "executionAction", "requestClosure"));
		walk.complete(measure, "Task_SubmitEvidence", "staff-river", Map.of("closureSummary", "巡查台账已建立",
				"evidenceFile", Variables.fileValue("台账.txt").file("巡查台账".getBytes()).create()));
		walk.complete(measure, "Task_VerifyEvidence", "office", Map.of("verifyDecision", "pass"));
		walk.complete(measure, "Task_ApproveClosure", "leader1", Map.of("closureDecision", "approve"));
	}

	/** A review started as the office starts it: through the review process. */
	ReviewService.Result review(LocalDate day) {
		at(day);
		identity.setAuthentication("office", List.of("office"));
		try {
			var instance = privileged.call(() -> runtime.createProcessInstanceByKey("halfMonthlyReview")
					.setVariable("trigger", "MANUAL").startBeforeActivity("Task_EvaluateMeasures").execute());
			long id = ((Number) runtime.getVariable(instance.getId(), "reviewId")).longValue();
			var stored = reviews.result(id);
			@SuppressWarnings("unchecked")
			List<String> departments = (List<String>) runtime.getVariable(instance.getId(), "reportDepartments");
			return new ReviewService.Result(id, false, day, stored.measuresEvaluated(), stored.colours(),
					stored.overdue(), stored.actions(), departments, null, null);
		}
		finally {
			identity.clearAuthentication();
		}
	}

	void fireDueTimers(LocalDate day) {
		at(day);
		for (var job : management.createJobQuery().timers().duedateLowerThan(ClockUtil.getCurrentTime()).list()) {
			if ("halfMonthlyReview".equals(job.getProcessDefinitionKey()) && job.getProcessInstanceId() != null) {
				management.executeJob(job.getId());
			}
		}
	}

	void completeReport(String department, String user, List<Map<String, String>> items) {
		identity.setAuthentication(user, List.of(department, "staff"));
		try {
			var task = tasks.createTaskQuery().taskDefinitionKey("Task_ReportProgress").taskCandidateGroup(department)
					.singleResult();
			assertThat(task).as("report task of %s", department).isNotNull();
			tasks.claim(task.getId(), user);
			tasks.complete(task.getId(), Map.of("reportItems", items));
		}
		finally {
			identity.clearAuthentication();
		}
	}

	static List<String> levels(ReviewService.Result result, String measure) {
		return result.actions().stream().filter(a -> a.measure().equals(measure)).map(a -> a.level()).toList();
	}

	List<Escalations.Escalation> open(String measure) {
		return escalations.openOf(ledger.measure(measure).id());
	}

	String colour(String measure) {
		return jdbc.sql("select colour from rect_measure where measure_key = ?").param(measure).query(String.class)
				.single();
	}

	static void at(LocalDate day) {
		ClockUtil.setCurrentTime(Now.endOfDay(day));
	}
}
