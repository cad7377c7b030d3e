package cn.xuncha.rectify.security;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.cmd.GetCamundaFormDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.ObjectValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.system.FormInputException;

/**
 * The fields of a task's form — a Camunda Form (forms/*.form) or an embedded HTML form — as the variables that
 * completing the task may set. Read-only fields are shown, not answered: what a client sends for them is dropped.
 * Parsed once per deployed form resource.
 */
class TaskForms {

	private static final Pattern EMBEDDED_VARIABLE = Pattern.compile("cam-variable-name\\s*=\\s*\"([^\"]+)\"");
	private static final String[] DEPLOYED_FORM_KEYS = { "embedded:deployment:", "camunda-forms:deployment:" };

	/** A form's answerable (editable) and shown-only (read-only) top-level variables. */
	record Fields(Set<String> editable, Set<String> readonly) {
		static final Fields NONE = new Fields(Set.of(), Set.of());
	}

	private final ObjectMapper json;
	private final Map<String, Fields> parsed = new ConcurrentHashMap<>();

	TaskForms(ObjectMapper json) {
		this.json = json;
	}

	/**
	 * The variables of a completion that its form admits: editable fields are kept, read-only fields dropped,
	 * anything else refused with a 400 that names it.
	 */
	Map<String, Object> admit(CommandContext context, TaskEntity task, Map<String, Object> variables) {
		if (variables == null || variables.isEmpty()) {
			return variables;
		}
		String taskId = task.getId();
		Fields fields = fieldsOf(context, taskId);
		var admitted = new LinkedHashMap<String, Object>();
		for (String name : variables.keySet()) {
			if (fields.editable().contains(name)) {
				// typed as sent: a File stays a File, a Json stays a Json
				Object value = variables instanceof VariableMap typed ? typed.getValueTyped(name) : variables.get(name);
				if (value instanceof ObjectValue) {
					// forms answer strings, numbers, dates, Json and files; an Object names a Java class to build
					throw new FormInputException(name, ("字段 %s 不接受 Object 类型的值 (variable %s: Object values are not "
							+ "accepted from a form; send String, number, boolean, date, Json or File)").formatted(name, name));
				}
				admitted.put(name, value);
			}
			else if (!fields.readonly().contains(name)) {
				throw new FormInputException(name, "任务「%s」的表单没有字段 %s，不能提交该变量 (variable %s is not a field of this task's form)"
						.formatted(task.getName(), name, name));
			}
		}
		return admitted;
	}

	private Fields fieldsOf(CommandContext context, String taskId) {
		TaskFormData form = context.runWithoutAuthorization(new GetTaskFormCmd(taskId));
		String deploymentId = form.getDeploymentId();
		String resourceName = null;
		if (form.getCamundaFormRef() != null && form.getCamundaFormRef().getKey() != null) {
			var definition = context
					.runWithoutAuthorization(new GetCamundaFormDefinitionCmd(form.getCamundaFormRef(), deploymentId));
			if (definition != null) {
				deploymentId = definition.getDeploymentId();
				resourceName = definition.getResourceName();
			}
		}
		else if (form.getFormKey() != null) {
			for (String prefix : DEPLOYED_FORM_KEYS) {
				if (form.getFormKey().startsWith(prefix)) {
					resourceName = form.getFormKey().substring(prefix.length());
				}
			}
		}
		if (resourceName == null) {
			return Fields.NONE; // a task without a deployed form takes no variables
		}
		String id = deploymentId + "/" + resourceName;
		Fields fields = parsed.get(id);
		if (fields == null) {
			var resource = context.getResourceManager().findResourceByDeploymentIdAndResourceName(deploymentId,
					resourceName);
			fields = resource == null ? Fields.NONE : parse(resourceName, resource.getBytes());
			parsed.put(id, fields);
		}
		return fields;
	}

	Fields parse(String resourceName, byte[] content) {
		var editable = new HashSet<String>();
		var readonly = new HashSet<String>();
		if (resourceName.endsWith(".form")) {
			try {
				collect(json.readTree(content).path("components"), editable, readonly);
			}
			catch (java.io.IOException e) {
				throw new IllegalStateException("form " + resourceName + " is not JSON", e);
			}
		}
		else {
			var matcher = EMBEDDED_VARIABLE.matcher(new String(content, StandardCharsets.UTF_8));
			while (matcher.find()) {
				editable.add(matcher.group(1));
			}
		}
		readonly.removeAll(editable);
		return new Fields(Set.copyOf(editable), Set.copyOf(readonly));
	}

	/**
	 * form-js submits a field under its key, a group or dynamic list with a path under that path (its rows are the
	 * list's business, checked by the delegate that reads it), and the fields of a group without a path flat.
	 */
	private static void collect(JsonNode components, Set<String> editable, Set<String> readonly) {
		for (JsonNode component : components) {
			String path = component.path("path").asText(null);
			String key = component.path("key").asText(null);
			String name = path != null && !path.isBlank() ? path : key;
			if (name != null && !name.isBlank()) {
				boolean shownOnly = component.path("readonly").asBoolean(false)
						|| component.path("disabled").asBoolean(false);
				(shownOnly ? readonly : editable).add(name.split("\\.", 2)[0]);
			}
			else if (component.has("components")) {
				collect(component.path("components"), editable, readonly);
			}
		}
	}
}
