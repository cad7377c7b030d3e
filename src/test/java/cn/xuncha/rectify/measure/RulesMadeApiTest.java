package cn.xuncha.rectify.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.RuleMade;
import cn.xuncha.rectify.ledger.RulesMade;
import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/**
 * 制度成果 on the application: rules stated with a progress report and with the closure request are recorded, get the
 * closure's evidence file, appear in the measure's file and the ledger, and a wrong line is refused naming it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@RecordApplicationEvents
class RulesMadeApiTest {

	@Autowired
	TestRestTemplate rest;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	Ledger ledger;
	@Autowired
	RulesMade rulesMade;
	@Autowired
	ApplicationEvents events;

	@Test
	void rulesOfAReportAndAClosureAreRecordedWithTheEvidenceAndCountedByTheLedger() {
		var walk = new Walk(tasks, identity);
		String measure = new LawRound(rest, walk).approvedMeasure("RUL-" + System.nanoTime() % 100000);
		String round = measure.substring(0, measure.indexOf("-P"));
		String today = Now.today().toString();

		assertThatThrownBy(() -> walk.complete(measure, MeasureProcess.TASK_EXECUTE_MEASURE, "staff-law",
				Map.of("progressNote", "案件录入制度已印发", "executionAction", "report", "rulesMade",
						"《执法科案件录入制度》｜｜" + today + "｜新建\n《执法科学习制度》")))
				.hasMessageContaining("制度成果第 2 行");
		assertThat(rulesMade.ofMeasure(ledger.measure(measure).id())).isEmpty();

		walk.complete(measure, MeasureProcess.TASK_EXECUTE_MEASURE, "staff-law", Map.of("progressNote",
				"案件录入制度已印发", "executionAction", "report", "rulesMade", "《执法科案件录入制度》｜｜" + today + "｜新建"));
		walk.complete(measure, MeasureProcess.TASK_EXECUTE_MEASURE, "staff-law",
				Map.of("progressNote", "学习制度已印发", "executionAction", "requestClosure"));
		walk.complete(measure, MeasureProcess.TASK_SUBMIT_EVIDENCE, "staff-law", Map.of("closureSummary", "两项制度已印发实施",
				"rulesMade", "《执法科学习制度》｜执法科〔" + Now.today().getYear() + "〕1号｜" + today + "｜修订",
				"evidenceFile", Variables.fileValue("制度.txt").file("两项制度".getBytes(StandardCharsets.UTF_8))
						.mimeType("text/plain").create()));

		var rules = rulesMade.ofMeasure(ledger.measure(measure).id());
		assertThat(rules).extracting(RuleMade::title).containsExactlyInAnyOrder("《执法科案件录入制度》", "《执法科学习制度》");
		assertThat(rules).extracting(RuleMade::kind).containsExactlyInAnyOrder(RuleMade.Kind.NEW, RuleMade.Kind.REVISED);
		assertThat(rules).extracting(RuleMade::evidenceId).doesNotContainNull().hasSize(2).containsOnly(
				rules.get(0).evidenceId());
		assertThat(rules).extracting(RuleMade::recordedBy).containsOnly("staff-law");

		var file = rest.withBasicAuth("inspector", "demo").getForEntity("/api/measures/" + measure, Map.class);
		assertThat(file.getBody().get("rules").toString()).contains("《执法科学习制度》", "执法科〔", "REVISED");
		var tree = rest.withBasicAuth("office", "demo").getForEntity("/api/rounds/" + round + "/ledger", Map.class);
		assertThat(tree.getBody().get("totals").toString()).contains("rulesMade=2");
		assertThat(tree.getBody().get("categories").toString()).contains("kindLabel=修订", "《执法科案件录入制度》");
		assertThat(events.stream(AuditFact.class).filter(f -> f.source() == AuditFact.Source.RULE)).hasSize(2)
				.allSatisfy(f -> assertThat(f.businessKey()).isEqualTo(measure)).anySatisfy(f -> {
					assertThat(f.kind()).isEqualTo("RULE");
					assertThat(f.actor()).isEqualTo("staff-law");
					assertThat(f.payload()).containsEntry("title", "《执法科案件录入制度》").containsEntry("kindLabel", "新建");
				});
		// staff of another department see neither the measure nor its rules
		var hr = rest.withBasicAuth("staff-hr", "demo").getForEntity("/api/rounds/" + round + "/ledger", Map.class);
		assertThat(hr.getBody().get("totals").toString()).contains("rulesMade=0");
	}
}
