package cn.xuncha.rectify.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files in bpmn/ and forms/ as Camunda Modeler and Tasklist see them: valid, executable, fully
 * drawn, every user task with a form that exists, every service task a named delegate bean.
 */
class ModelsAreValidTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern DELEGATE_BEAN = Pattern.compile("\\$\\{[a-z][A-Za-z]*}");
	private static final Pattern EMBEDDED_DEPLOYMENT_FORM = Pattern.compile("embedded:deployment:(.+)");

	static Stream<String> models() {
		return filesIn("bpmn", ".bpmn").stream();
	}

	@ParameterizedTest
	@MethodSource("models")
	void isValidExecutableBpmnWithHistoryTimeToLive(String model) {
		BpmnModelInstance instance = read(model);
		Bpmn.validateModel(instance);

		Process process = onlyProcess(instance);
		assertThat(process.getId()).isEqualTo(camelCase(baseName(model)));
		assertThat(process.isExecutable()).isTrue();
		assertThat(process.getName()).isNotBlank();
		assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P3650D");
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyElementIsNamedAndDrawnWithoutOverlaps(String model) {
		BpmnModelInstance instance = read(model);
		Map<String, Bounds> shapes = new HashMap<>();
		for (BpmnShape shape : instance.getModelElementsByType(BpmnShape.class)) {
			shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
		}
		Set<String> edges = new HashSet<>();
		for (BpmnEdge edge : instance.getModelElementsByType(BpmnEdge.class)) {
			assertThat(edge.getWaypoints()).as("waypoints of " + edge.getId()).hasSizeGreaterThanOrEqualTo(2);
			edges.add(edge.getBpmnElement().getId());
		}

		for (FlowNode node : instance.getModelElementsByType(FlowNode.class)) {
			assertThat(node.getName()).as("name of " + node.getId()).isNotBlank();
			assertThat(shapes).as("shape of " + node.getId()).containsKey(node.getId());
		}
		for (SequenceFlow flow : instance.getModelElementsByType(SequenceFlow.class)) {
			assertThat(edges).as("edge of " + flow.getId()).contains(flow.getId());
			if (flow.getSource() instanceof ExclusiveGateway) {
				assertThat(flow.getName()).as("name of gateway flow " + flow.getId()).isNotBlank();
			}
		}
		List<String> ids = new ArrayList<>(shapes.keySet());
		for (int i = 0; i < ids.size(); i++) {
			for (int j = i + 1; j < ids.size(); j++) {
				assertThat(overlap(shapes.get(ids.get(i)), shapes.get(ids.get(j))))
						.as("%s overlaps %s", ids.get(i), ids.get(j)).isFalse();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void everyUserTaskHasAFormThatExists(String model) {
		for (UserTask task : read(model).getModelElementsByType(UserTask.class)) {
			String formRef = task.getCamundaFormRef();
			String formKey = task.getCamundaFormKey();
			assertThat(formRef == null ^ formKey == null).as("exactly one of formRef / formKey on " + task.getId())
					.isTrue();
			if (formRef != null) {
				assertThat(task.getCamundaFormRefBinding()).as("binding of " + task.getId()).isEqualTo("latest");
				JsonNode form = readJson("forms/" + kebabCase(formRef) + ".form");
				assertThat(form.path("id").asText()).as("id of the form of " + task.getId()).isEqualTo(formRef);
			} else {
				Matcher embedded = EMBEDDED_DEPLOYMENT_FORM.matcher(formKey);
				assertThat(embedded.matches()).as("formKey of " + task.getId()).isTrue();
				assertThat(ModelsAreValidTest.class.getResource("/" + embedded.group(1)))
						.as("embedded form " + embedded.group(1)).isNotNull();
			}
		}
	}

	/** The diagram keeps the plain name; the running task is named after its matter by the listener. */
	@ParameterizedTest
	@MethodSource("models")
	void everyUserTaskIsNamedAfterItsMatterWhenCreated(String model) {
		for (UserTask task : read(model).getModelElementsByType(UserTask.class)) {
			assertThat(task.getName()).as("name of " + task.getId()).doesNotContain("${");
			ExtensionElements extensions = task.getExtensionElements();
			assertThat(extensions).as("extension elements of " + task.getId()).isNotNull();
			assertThat(extensions.getElementsQuery().filterByType(CamundaTaskListener.class).list())
					.as("task listeners of " + task.getId())
					.anySatisfy(listener -> {
						assertThat(listener.getCamundaEvent()).isEqualTo("create");
						assertThat(listener.getCamundaDelegateExpression()).isEqualTo("${taskMatter}");
					});
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void serviceTasksCallNamedDelegateBeansAndCallActivitiesPassTheBusinessKey(String model) {
		BpmnModelInstance instance = read(model);
		for (ServiceTask task : instance.getModelElementsByType(ServiceTask.class)) {
			assertThat(task.getCamundaClass()).as("camunda:class on " + task.getId()).isNull();
			assertThat(task.getCamundaDelegateExpression()).as("delegate of " + task.getId())
					.matches(DELEGATE_BEAN);
		}
		for (CallActivity call : instance.getModelElementsByType(CallActivity.class)) {
			MultiInstanceLoopCharacteristics loop = (MultiInstanceLoopCharacteristics) call.getLoopCharacteristics();
			assertThat(loop).as("multi-instance of " + call.getId()).isNotNull();
			assertThat(loop.isSequential()).isFalse();
			String element = loop.getCamundaElementVariable();
			assertThat(call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list())
					.extracting(CamundaIn::getCamundaBusinessKey)
					.as("business key passed by " + call.getId()).contains("${" + element + "}");
		}
	}

	@Test
	void everyFormTargetsCamunda7AndIsUsedByAModel() {
		Set<String> formRefs = new HashSet<>();
		models().forEach(model -> read(model).getModelElementsByType(UserTask.class).stream()
				.map(UserTask::getCamundaFormRef).filter(ref -> ref != null).forEach(formRefs::add));

		List<String> forms = filesIn("forms", ".form");
		assertThat(forms).isNotEmpty();
		for (String file : forms) {
			JsonNode form = readJson(file);
			String id = form.path("id").asText();
			assertThat(id).as("id of " + file).isEqualTo(camelCase(baseName(file)));
			assertThat(formRefs).as("formRef to " + id).contains(id);
			assertThat(form.path("type").asText()).isEqualTo("default");
			assertThat(form.path("executionPlatform").asText()).isEqualTo("Camunda Platform");
			assertThat(form.path("executionPlatformVersion").asText()).isEqualTo("7.24.0");
			assertThat(form.path("schemaVersion").asInt()).as("schemaVersion of " + file).isEqualTo(16);
			List<String> componentIds = new ArrayList<>();
			collectComponentIds(form.path("components"), componentIds);
			assertThat(componentIds).as("component ids of " + file).doesNotHaveDuplicates().doesNotContain("");
		}
	}

	private static void collectComponentIds(JsonNode components, List<String> ids) {
		for (JsonNode component : components) {
			ids.add(component.path("id").asText());
			collectComponentIds(component.path("components"), ids);
		}
	}

	private static boolean overlap(Bounds a, Bounds b) {
		return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
				&& a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
	}

	private static Process onlyProcess(BpmnModelInstance instance) {
		assertThat(instance.getModelElementsByType(Process.class)).hasSize(1);
		return instance.getModelElementsByType(Process.class).iterator().next();
	}

	/** Resource paths ({@code bpmn/x.bpmn}) of one folder the build copies onto the classpath. */
	private static List<String> filesIn(String folder, String suffix) {
		try (Stream<Path> files = Files.list(Path.of(ModelsAreValidTest.class.getResource("/" + folder).toURI()))) {
			return files.map(file -> folder + "/" + file.getFileName()).filter(name -> name.endsWith(suffix))
					.sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static BpmnModelInstance read(String resource) {
		try (InputStream in = resource(resource)) {
			return Bpmn.readModelFromStream(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static JsonNode readJson(String resource) {
		try (InputStream in = resource(resource)) {
			return JSON.readTree(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static InputStream resource(String resource) {
		InputStream in = ModelsAreValidTest.class.getResourceAsStream("/" + resource);
		assertThat(in).as(resource).isNotNull();
		return in;
	}

	private static String baseName(String resource) {
		String name = resource.substring(resource.lastIndexOf('/') + 1);
		return name.substring(0, name.lastIndexOf('.'));
	}

	/** {@code long-term-check} → {@code longTermCheck}. */
	private static String camelCase(String kebab) {
		return Pattern.compile("-([a-z])").matcher(kebab).replaceAll(m -> m.group(1).toUpperCase());
	}

	/** {@code longTermCheck} → {@code long-term-check}. */
	private static String kebabCase(String camel) {
		return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
	}
}
