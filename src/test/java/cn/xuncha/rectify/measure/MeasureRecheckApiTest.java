package cn.xuncha.rectify.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.calendar.WorkingDayCalendar;
import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.system.Now;

/**
 * 回头看 on the application: a closed measure gets its scheduled check, the office samples it now through the API, the
 * department reports a rebound, and the measure is open again — in the ledger, the review and Tasklist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MeasureRecheckApiTest {

	@Autowired
	TestRestTemplate rest;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	RuntimeService runtime;
	@Autowired
	ManagementService management;
	@Autowired
	Ledger ledger;
	@Autowired
	MeasureEvents events;
	@Autowired
	WorkingDayCalendar calendar;

	@Test
	void closedMeasureReboundsAtTheOfficesSampleAndIsOpenAgain() {
		String measure = closedMeasure("RCK-" + System.nanoTime() % 100000);
		var walk = new Walk(tasks, identity);

		// the scheduled 回头看 waits for its engine timer, 90 working days after the closure
		var recheck = runtime.createProcessInstanceQuery().processDefinitionKey(MeasureProcess.RECHECK)
				.processInstanceBusinessKey(measure).singleResult();
		assertThat(recheck).isNotNull();
		var timer = management.createJobQuery().processInstanceId(recheck.getId()).timers().singleResult();
		assertThat(timer.getDuedate()).isEqualTo(Date.from(calendar.addWorkingDays(Now.today(), 90).atTime(9, 0)
				.atZone(Now.CHINA).toInstant()));

		assertThat(sample(measure, "staff-law").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(sample(measure, "leader2").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(sample(measure, "inspector").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(sample("RCK-NONE-P1-M1", "office").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		var sampled = sample(measure, "office");
		assertThat(sampled.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(sampled.getBody()).containsEntry("measure", measure);
		// brought forward: the same instance, its timer gone, the department's task open
		assertThat(management.createJobQuery().processInstanceId(recheck.getId()).count()).isZero();
		assertThat(walk.task(measure, MeasureProcess.TASK_RECHECK).getProcessInstanceId()).isEqualTo(recheck.getId());
		var again = sample(measure, "office");
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.getBody().get("message").toString()).contains("已交科室办理");

		assertThatThrownBy(() -> walk.complete(measure, MeasureProcess.TASK_RECHECK, "staff-law",
				Map.of("recheckResult", "rebound", "recheckNote", "新立案件未按时录入")))
				.hasMessageContaining("reboundDeadline");
		assertThatThrownBy(() -> walk.complete(measure, MeasureProcess.TASK_RECHECK, "staff-law",
				Map.of("recheckResult", "rebound", "recheckNote", "新立案件未按时录入", "reboundDeadline",
						Now.today().minusDays(1).toString())))
				.hasMessageContaining("早于今天");
		LocalDate newDeadline = Now.today().plusDays(3);
		walk.complete(measure, MeasureProcess.TASK_RECHECK, "staff-law", Map.of("recheckResult", "rebound",
				"recheckNote", "新立案件3宗未按时录入", "reboundDeadline", newDeadline.toString()));

		var reopened = ledger.measure(measure);
		assertThat(reopened.status()).isEqualTo(MeasureStatus.REBOUND);
		assertThat(reopened.isOpen()).isTrue();
		assertThat(reopened.deadline()).isEqualTo(newDeadline);
		assertThat(reopened.closedAt()).isNull();
		String problem = measure.substring(0, measure.lastIndexOf("-M"));
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.IN_PROGRESS);
		assertThat(events.events(reopened.id())).extracting(MeasureEvents.Event::kind).contains(
				MeasureEvents.Kind.RECHECK_REQUESTED, MeasureEvents.Kind.RECHECK_REBOUND);
		assertThat(walk.task(measure, MeasureProcess.TASK_EXECUTE_MEASURE).getDueDate())
				.isEqualTo(Now.endOfDay(newDeadline));
		var ledgerTree = rest.withBasicAuth("office", "demo").getForEntity("/api/rounds/" + measure.substring(0,
				measure.indexOf("-P")) + "/ledger", Map.class);
		@SuppressWarnings("unchecked")
		var totals = (Map<String, Object>) ledgerTree.getBody().get("totals");
		assertThat(totals).containsEntry("open", 1).containsEntry("closed", 0);
		// the ladder again: due within 7 days → 提醒
		var review = rest.withBasicAuth("office", "demo").postForEntity("/api/reviews?dryRun=true", null, Map.class);
		assertThat((List<?>) review.getBody().get("actions")).anySatisfy(
				a -> assertThat(a.toString()).contains("measure=" + measure, "level=REMIND"));
		assertThat(sample(measure, "office").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

		// a progress report keeps it 出现反弹; closing it again schedules the next 回头看
		walk.complete(measure, MeasureProcess.TASK_EXECUTE_MEASURE, "staff-law",
				Map.of("progressNote", "补录完毕", "executionAction", "report"));
		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.REBOUND);
		law().close(measure);
		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.CLOSED);
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.CLOSED);
		assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(MeasureProcess.RECHECK)
				.processInstanceBusinessKey(measure).count()).isEqualTo(1);
	}

	@Test
	void effectiveSampleOfAMeasureWithoutAWaitingCheckStartsOneAndLeavesItClosed() {
		String measure = closedMeasure("RCE-" + System.nanoTime() % 100000);
		var walk = new Walk(tasks, identity);
		runtime.createProcessInstanceQuery().processDefinitionKey(MeasureProcess.RECHECK)
				.processInstanceBusinessKey(measure).list()
				.forEach(p -> runtime.deleteProcessInstance(p.getId(), "test: no check waiting"));

		assertThat(sample(measure, "office").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		walk.complete(measure, MeasureProcess.TASK_RECHECK, "staff-law",
				Map.of("recheckResult", "effective", "recheckNote", "抽查10宗案件均按时录入"));

		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.CLOSED);
		assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(measure).count()).isZero();
		assertThat(events.events(ledger.measure(measure).id())).extracting(MeasureEvents.Event::kind)
				.contains(MeasureEvents.Kind.RECHECK_EFFECTIVE);
	}

	@Test
	void onlyAClosedMeasureCanBeSampled() {
		String round = "RCO-" + System.nanoTime() % 100000;
		law().registered(round);

		var refused = sample(round + "-P1-M1", "office");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(refused.getBody().get("message").toString()).contains("只能对已销号的措施回头看");
	}

	@Test
	void demoShowsAReboundClimbingTheLadderAgainAndTheNoticeCountsRechecksReboundsAndRules() {
		String rebounded = "HZSW-2020-P1-M7";
		assertThat(ledger.measure(rebounded).status()).isEqualTo(MeasureStatus.REBOUND);
		assertThat(events.events(ledger.measure(rebounded).id())).extracting(MeasureEvents.Event::kind)
				.contains(MeasureEvents.Kind.RECHECK_REQUESTED, MeasureEvents.Kind.RECHECK_REBOUND);
		assertThat(events.events(ledger.measure("HZSW-2020-P2-M1").id())).extracting(MeasureEvents.Event::kind)
				.contains(MeasureEvents.Kind.RECHECK_EFFECTIVE);
		assertThat(ledger.measure("HZSW-2020-P2-M1").status()).isEqualTo(MeasureStatus.CLOSED);
		// the last review found the new deadline passed: 催办, red
		var urged = rest.withBasicAuth("inspector", "demo").getForEntity("/api/escalations?level=URGE", String.class);
		assertThat(urged.getBody()).contains(rebounded);
		new Walk(tasks, identity).task(rebounded, MeasureProcess.TASK_EXECUTE_MEASURE);
		// the office's next review: more than 15 days past the new deadline → 督办 (unless a test ran one already)
		var review = rest.withBasicAuth("office", "demo").postForEntity("/api/reviews?dryRun=true", null, Map.class);
		var supervised = rest.withBasicAuth("inspector", "demo").getForEntity("/api/escalations?level=SUPERVISE",
				String.class);
		assertThat(review.getBody().get("actions").toString() + supervised.getBody()).contains(rebounded);
		// inspectors read every 回头看 in the measure's trail
		var trail = rest.withBasicAuth("inspector", "demo").getForEntity("/api/audit/" + rebounded, String.class);
		assertThat(trail.getBody()).contains("整改办抽查：发起回头看", "回头看：出现反弹", "重新整改时限");

		var dashboard = rest.withBasicAuth("leader1", "demo").getForEntity("/api/dashboard/HZSW-2020", Map.class);
		assertThat(dashboard.getBody().get("rules").toString()).contains("made=7", "created=4", "revised=3");
		assertThat(dashboard.getBody().get("rechecks").toString()).contains("rechecked=2", "rebounded=1");
		assertThat(dashboard.getBody().get("lights").toString()).contains(rebounded);

		var notice = rest.withBasicAuth("office", "demo").postForEntity("/api/rounds/HZSW-2020/notices", null,
				Map.class);
		assertThat(notice.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String html = rest.withBasicAuth("office", "demo")
				.getForEntity("/api/notices/" + notice.getBody().get("id"), String.class).getBody();
		assertThat(html).contains("建立健全制度7项（新建4项、修订3项）", "开展“回头看”2项", "发现反弹1项",
				"《执法科案件录入制度》", "《执法科学习制度》", "出现反弹");
	}

	/** A one-measure round of 执法科, walked to 销号. */
	private String closedMeasure(String round) {
		String measure = law().approvedMeasure(round);
		law().close(measure);
		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.CLOSED);
		return measure;
	}

	private LawRound law() {
		return new LawRound(rest, new Walk(tasks, identity));
	}

	private ResponseEntity<Map<String, Object>> sample(String measure, String user) {
		return rest.withBasicAuth(user, "demo").exchange("/api/measures/" + measure + "/recheck", HttpMethod.POST,
				HttpEntity.EMPTY, new ParameterizedTypeReference<>() {
				});
	}
}
