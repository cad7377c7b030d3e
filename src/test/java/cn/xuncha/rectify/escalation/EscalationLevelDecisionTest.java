package cn.xuncha.rectify.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The escalation table in bpmn/escalation-level.dmn on its own: the ladder's defaults (DOMAIN: escalation ladder). */
class EscalationLevelDecisionTest {

	static DmnEngine dmn;
	static DmnDecision decision;

	@BeforeAll
	static void parse() throws Exception {
		dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
		try (InputStream in = Files.newInputStream(Path.of("bpmn/escalation-level.dmn"))) {
			decision = dmn.parseDecision(EscalationRules.DECISION, in);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			on track, deadline in 30 days          | false | false | false | 0  | 0 | false | 30   | NONE      | GREEN
			no deadline yet                        | false | false | false | 0  | 0 | false | null | NONE      | GREEN
			deadline in 7 days → reminder          | false | false | false | 0  | 0 | false | 7    | REMIND    | YELLOW
			deadline today → reminder              | false | false | false | 0  | 0 | false | 0    | REMIND    | YELLOW
			deadline in 8 days → nothing yet       | false | false | false | 0  | 0 | false | 8    | NONE      | GREEN
			overdue at one review → urge           | false | false | false | 3  | 1 | false | -3   | URGE      | RED
			report missing → urge                  | false | false | false | 0  | 0 | true  | 40   | URGE      | RED
			overdue at two reviews → supervise     | false | false | false | 5  | 2 | false | -5   | SUPERVISE | RED
			15 days overdue → still urge           | false | false | false | 15 | 1 | false | -15  | URGE      | RED
			16 days overdue → supervise            | false | false | false | 16 | 1 | false | -16  | SUPERVISE | RED
			30 days overdue → still supervise      | false | false | false | 30 | 1 | false | -30  | SUPERVISE | RED
			31 days overdue → talk                 | false | false | false | 31 | 1 | false | -31  | TALK      | RED
			supervision expired → talk             | false | false | true  | 20 | 2 | false | -20  | TALK      | RED
			talk held, still overdue → referral    | false | true  | true  | 40 | 3 | false | -40  | REFER     | RED
			talk held but no longer overdue → none | false | true  | false | 0  | 0 | false | 5    | REMIND    | YELLOW
			awaiting closure overrides everything  | true  | true  | true  | 40 | 3 | true  | -40  | NONE      | GREEN
			""")
	void ladder(String description, boolean awaitingClosure, boolean talkHeld, boolean supervisionExpired,
			int daysOverdue, int overdueReviews, boolean reportMissing, Integer daysToDeadline, Level level,
			Colour colour) {
		var result = dmn.evaluateDecisionTable(decision,
				Variables.createVariables().putValue("awaitingClosure", awaitingClosure).putValue("talkHeld", talkHeld)
						.putValue("supervisionExpired", supervisionExpired).putValue("daysOverdue", daysOverdue)
						.putValue("overdueReviews", overdueReviews).putValue("reportMissing", reportMissing)
						.putValue("daysToDeadline", daysToDeadline))
				.getFirstResult();
		assertThat((String) result.getEntry("level")).as(description).isEqualTo(level.name());
		assertThat((String) result.getEntry("colour")).as(description).isEqualTo(colour.name());
	}
}
