package cn.xuncha.rectify.escalation;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.system.Privileged;

/**
 * The escalation thresholds live in the DMN table {@code bpmn/escalation-level.dmn} (decision
 * {@value #DECISION}), so the office changes them by redeploying the table, not the code. Evaluated with the
 * engine's DMN engine on the latest deployed version, without writing decision history (a dry run changes
 * nothing); the review stores inputs and outcome itself.
 */
@Component
public class EscalationRules {

	public static final String DECISION = "escalationLevel";

	private final ProcessEngine engine;
	private final Privileged privileged;
	private final Map<String, DmnDecision> parsed = new ConcurrentHashMap<>();

	EscalationRules(ProcessEngine engine, Privileged privileged) {
		this.engine = engine;
		this.privileged = privileged;
	}

	/** What the ladder says about one measure at one review. */
	public record Inputs(boolean awaitingClosure, boolean talkHeld, boolean supervisionExpired, int daysOverdue,
			int overdueReviews, boolean reportMissing, Integer daysToDeadline) {
	}

	public record Decision(Level level, Colour colour, String explanation) {
	}

	/** One decision on the latest deployed table. */
	public Decision decide(Inputs in) {
		return decide(latest(), in);
	}

	/**
	 * The latest deployed table, looked up once, deciding each distinct input once: what a review uses for
	 * thousands of measures, most of which share their inputs. Gives exactly what {@link #decide(Inputs)} gives,
	 * since it is the same evaluation, remembered. Not thread-safe; one per review.
	 */
	public Function<Inputs, Decision> forOneReview() {
		DmnDecision table = latest();
		return remembering(in -> decide(table, in));
	}

	/** Decides each distinct input once. */
	static Function<Inputs, Decision> remembering(Function<Inputs, Decision> decide) {
		Map<Inputs, Decision> decided = new HashMap<>();
		return in -> decided.computeIfAbsent(in, decide);
	}

	private Decision decide(DmnDecision decision, Inputs in) {
		var dmn = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDmnEngine();
		// The engine's DMN engine expects an engine context (it asks for the history level).
		return decision(in, privileged.call(() -> dmn.evaluateDecisionTable(decision, variables(in))));
	}

	static org.camunda.bpm.engine.variable.VariableMap variables(Inputs in) {
		return Variables.createVariables().putValue("awaitingClosure", in.awaitingClosure())
				.putValue("talkHeld", in.talkHeld()).putValue("supervisionExpired", in.supervisionExpired())
				.putValue("daysOverdue", in.daysOverdue()).putValue("overdueReviews", in.overdueReviews())
				.putValue("reportMissing", in.reportMissing()).putValue("daysToDeadline", in.daysToDeadline());
	}

	/** The table's first hit as the ladder's decision, with the explanation the review stores. */
	static Decision decision(Inputs in, org.camunda.bpm.dmn.engine.DmnDecisionTableResult result) {
		DmnDecisionRuleResult hit = result.getFirstResult();
		if (hit == null) {
			throw new IllegalStateException("Decision " + DECISION + " matched no rule; it needs a catch-all last rule");
		}
		Level level = Level.valueOf(hit.getEntry("level"));
		Colour colour = Colour.valueOf(hit.getEntry("colour"));
		String explanation = "逾期%d天，距时限%s天，连续逾期梳理%d次%s%s%s%s → %s".formatted(in.daysOverdue(),
				in.daysToDeadline() == null ? "—" : in.daysToDeadline(), in.overdueReviews(),
				in.reportMissing() ? "，未报送进展" : "", in.supervisionExpired() ? "，督办到期未解决" : "",
				in.talkHeld() ? "，已谈话仍未整改" : "", in.awaitingClosure() ? "，已申请销号" : "", level.label());
		return new Decision(level, colour, explanation);
	}

	private DmnDecision latest() {
		return privileged.call(() -> {
			var repository = engine.getRepositoryService();
			var definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION).latestVersion()
					.singleResult();
			if (definition == null) {
				throw new IllegalStateException("Decision " + DECISION + " is not deployed");
			}
			return parsed.computeIfAbsent(definition.getId(), id -> {
				try (InputStream in = repository.getDecisionModel(id)) {
					var dmn = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDmnEngine();
					return dmn.parseDecision(DECISION, in);
				}
				catch (IOException e) {
					throw new IllegalStateException(e);
				}
			});
		});
	}
}
