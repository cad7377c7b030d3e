package cn.xuncha.rectify.system;

import java.util.List;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lists that Camunda Forms edit (dynamic lists) travel as Json variables; this is the one place that writes and
 * reads them, whatever form (Json, String, List) a client submitted.
 */
@Component
public class JsonVariables {

	private final ObjectMapper mapper;

	/** @param mapper Spring Boot's: dates as ISO text, unknown properties ignored, nulls left out */
	JsonVariables(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	public TypedValue json(Object value) {
		try {
			return SpinValues.jsonValue(mapper.writeValueAsString(value)).create();
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	public <T> List<T> readList(VariableScope scope, String name, Class<T> type) {
		return readList(scope.getVariable(name), name, type);
	}

	public <T> List<T> readList(Object value, Class<T> type) {
		return readList(value, "list", type);
	}

	private <T> List<T> readList(Object value, String name, Class<T> type) {
		if (value == null) {
			return List.of();
		}
		try {
			String json = value instanceof String s ? s
					: value instanceof org.camunda.spin.json.SpinJsonNode node ? node.toString()
							: mapper.writeValueAsString(value);
			return mapper.readValue(json, mapper.getTypeFactory().constructCollectionType(List.class, type));
		}
		catch (JsonProcessingException e) {
			throw new FormInputException(name, "列表数据格式错误 (malformed list " + name + "): " + e.getOriginalMessage());
		}
	}
}
