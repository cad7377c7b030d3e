package cn.xuncha.rectify.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Chinese names people saw in the forms (forms/*.form): a field's label for a variable, an option's label for
 * a value ("pass" → 核验通过). Read from the forms themselves, so the trail says what the form said.
 */
@Component
class FormLabels {

	/** Variables that no Camunda Form shows (the evidence upload is an embedded HTML form). */
	private static final Map<String, String> OTHERS = Map.of("evidenceFile", "佐证材料文件", "closureSummary", "整改完成情况");

	private final Map<String, String> labels = new HashMap<>(OTHERS);
	private final Map<String, Map<String, String>> options = new HashMap<>();

	FormLabels(ObjectMapper mapper) {
		Set<String> editable = new HashSet<>();
		try {
			for (Resource form : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
				try (InputStream in = form.getInputStream()) {
					collect(mapper.readTree(in), editable);
				}
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read the forms in forms/", e);
		}
	}

	private void collect(JsonNode node, Set<String> editable) {
		if (node.isArray()) {
			node.forEach(child -> collect(child, editable));
			return;
		}
		if (!node.isObject()) {
			return;
		}
		String key = node.path("key").asText(null);
		String label = node.path("label").asText(null);
		if (key != null && label != null) {
			boolean readonly = node.path("readonly").asBoolean(false);
			// The label of the field where a person enters the value wins over a read-only echo elsewhere.
			if (!labels.containsKey(key) || (!readonly && !editable.contains(key))) {
				labels.put(key, label);
			}
			if (!readonly) {
				editable.add(key);
			}
			for (JsonNode option : node.path("values")) {
				options.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(option.path("value").asText(),
						option.path("label").asText());
			}
		}
		node.path("components").forEach(child -> collect(child, editable));
	}

	String label(String variable) {
		return labels.getOrDefault(variable, variable);
	}

	/** The option's label, or the value itself. */
	String value(String variable, String value) {
		if (value == null) {
			return null;
		}
		return options.getOrDefault(variable, Map.of()).getOrDefault(value, value);
	}
}
