package cn.xuncha.rectify.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processInstanceQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/** Drives the rectification processes through their user tasks the way Tasklist users would. */
public final class Walkthrough {

    static final String DEADLINE = "2030-03-31";

    private Walkthrough() {
    }

    /** The running instance of a process for a business key (round, problem or measure key). */
    public static ProcessInstance instance(String processDefinitionKey, String businessKey) {
        ProcessInstance instance = processInstanceQuery().processDefinitionKey(processDefinitionKey)
                .processInstanceBusinessKey(businessKey).singleResult();
        assertThat(instance).as("%s %s", processDefinitionKey, businessKey).isNotNull();
        return instance;
    }

    /** The open task of an instance, after checking that Tasklist can load its deployed form. */
    public static Task opened(String taskDefinitionKey, ProcessInstance instance) {
        Task task = task(taskDefinitionKey, instance);
        assertThat(task).as(taskDefinitionKey).isNotNull();
        try (InputStream form = formService().getDeployedTaskForm(task.getId())) {
            assertThat(new String(form.readAllBytes(), StandardCharsets.UTF_8)).as("form of " + taskDefinitionKey)
                    .isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return task;
    }

    /** A plan (the {@code measures} Json of draftPlan) with one measure per type (FIXED / LONG_TERM). */
    public static JsonValue plan(String... measureTypes) {
        StringJoiner measures = new StringJoiner(",", "[", "]");
        for (int i = 1; i <= measureTypes.length; i++) {
            measures.add("""
                    {"text": "一是落实措施%d", "responsiblePerson": "经办人%d", "deadline": "%s",
                     "type": "%s", "figureTotal": 936}""".formatted(i, i, DEADLINE, measureTypes[i - 1]));
        }
        return SpinValues.jsonValue(measures.toString()).create();
    }

    public static FileValue evidence() {
        return Variables.fileValue("整改台账.pdf").file("整改台账".getBytes(StandardCharsets.UTF_8))
                .mimeType("application/pdf").create();
    }

    /** Department drafts the plan, the lead leader approves it. */
    public static void approvePlan(ProcessInstance problem, JsonValue plan) {
        complete(opened("Task_DraftPlan", problem), withVariables("measures", plan));
        complete(opened("Task_ReviewPlan", problem), withVariables("planDecision", "approve", "planComment", "同意"));
    }

    /** Department requests closure with evidence, the office verifies it, the lead leader approves. */
    public static void closeMeasure(ProcessInstance measure) {
        complete(opened("Task_ExecuteMeasure", measure),
                withVariables("progressNote", "已整改 911 个", "executionAction", "requestClosure"));
        complete(opened("Task_SubmitEvidence", measure),
                withVariables("closureSummary", "措施已落实", "evidenceFile", evidence()));
        complete(opened("Task_VerifyEvidence", measure), withVariables("verifyDecision", "pass"));
        complete(opened("Task_ApproveClosure", measure), withVariables("closureDecision", "approve"));
    }

    /** A whole problem: plan with one measure, approved, measure closed. */
    public static void rectifyProblem(ProcessInstance problem) {
        approvePlan(problem, plan("FIXED"));
        closeMeasure(instance("measureRectification", problem.getBusinessKey() + "-M1"));
    }
}
