package cn.xuncha.rectify.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.junit.jupiter.api.Test;

/**
 * The review decides each distinct input once ({@link EscalationRules#remembering}); this shows that gives exactly
 * what the table gives, input by input, over the inputs a review forms around the table's own thresholds (each
 * number in a rule, one below and one above), so it still holds after the office edits the thresholds in Modeler —
 * and that those inputs reach every row of the table as its first hit.
 */
class EscalationRulesEveryRowTest {

	@Test
	void rememberedDecisionsAreTheTablesOwnAndEveryRowIsReached() throws Exception {
		String xml = Files.readString(Path.of("bpmn/escalation-level.dmn"));
		Set<String> firstHits = new HashSet<>();
		DmnDecisionTableEvaluationListener firstHit = (DmnDecisionTableEvaluationEvent event) -> {
			if (!event.getMatchingRules().isEmpty()) {
				firstHits.add(event.getMatchingRules().get(0).getId());
			}
		};
		var configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
		configuration.customPostDecisionTableEvaluationListeners(List.of(firstHit));
		DmnEngine dmn = configuration.buildEngine();
		DmnDecision table;
		try (InputStream in = Files.newInputStream(Path.of("bpmn/escalation-level.dmn"))) {
			table = dmn.parseDecision(EscalationRules.DECISION, in);
		}
		DmnDecision decision = table;
		Function<EscalationRules.Inputs, EscalationRules.Decision> plain = in -> EscalationRules.decision(in,
				dmn.evaluateDecisionTable(decision, EscalationRules.variables(in)));
		Function<EscalationRules.Inputs, EscalationRules.Decision> remembered = EscalationRules.remembering(plain);

		List<EscalationRules.Inputs> grid = grid(thresholds(xml));
		// in an order unlike the grid's, some inputs again, as thousands of measures would ask
		List<EscalationRules.Inputs> asked = new ArrayList<>(grid);
		asked.addAll(grid.subList(0, Math.min(grid.size(), 200)));
		Collections.shuffle(asked, new Random(20261203));
		for (EscalationRules.Inputs in : asked) {
			assertThat(remembered.apply(in)).as("%s", in).isEqualTo(plain.apply(in));
		}

		Set<String> rows = new TreeSet<>();
		for (DmnDecisionTableRuleImpl rule : ((DmnDecisionTableImpl) table.getDecisionLogic()).getRules()) {
			rows.add(rule.getId());
		}
		assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
		assertThat(firstHits).as("rows reached as first hit by the grid of %d inputs", grid.size())
				.containsAll(rows);
	}

	/** Every number the rules' input entries compare with. */
	private static Set<Integer> thresholds(String xml) {
		Set<Integer> numbers = new TreeSet<>(List.of(0));
		Matcher entry = Pattern.compile("<inputEntry[^>]*>\\s*<text>([^<]*)</text>").matcher(xml);
		while (entry.find()) {
			Matcher number = Pattern.compile("-?\\d+").matcher(entry.group(1));
			while (number.find()) {
				numbers.add(Integer.parseInt(number.group()));
			}
		}
		return numbers;
	}

	/**
	 * Inputs as the review forms them: a measure's days to its deadline (none, each threshold and its neighbours,
	 * ahead or past), its days overdue following from it, every streak up to 3 and every combination of the flags.
	 */
	private static List<EscalationRules.Inputs> grid(Set<Integer> thresholds) {
		Set<Integer> values = new TreeSet<>();
		for (int t : thresholds) {
			values.add(Math.abs(t) - 1);
			values.add(Math.abs(t));
			values.add(Math.abs(t) + 1);
		}
		List<Integer> toDeadline = new ArrayList<>();
		toDeadline.add(null);
		values.stream().filter(v -> v >= 0).forEach(v -> {
			toDeadline.add(v);
			if (v > 0) {
				toDeadline.add(-v);
			}
		});
		List<EscalationRules.Inputs> grid = new ArrayList<>();
		for (int flags = 0; flags < 16; flags++) {
			for (int streak = 0; streak <= 3; streak++) {
				for (Integer deadline : toDeadline) {
					int overdue = deadline == null || deadline >= 0 ? 0 : -deadline;
					grid.add(new EscalationRules.Inputs((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
							overdue, overdue > 0 ? Math.max(streak, 1) : streak, (flags & 8) != 0, deadline));
				}
			}
		}
		return grid;
	}
}
