package cn.xuncha.rectify.process;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * Stand-ins for the delegate beans of docs/processes.md, registered under their bean names. A small
 * ledger replaces the database, so each one sets the variables its real bean sets; each is a Mockito
 * mock a test can verify.
 */
final class MockedDelegates {

    record Problem(String title, String categoryTitle, String department, String leadLeader) {
    }

    record Measure(String problemKey, String text, String type, LocalDate deadline) {

        Date deadlineDate() {
            return Date.from(deadline.atStartOfDay(ZoneId.systemDefault()).toInstant());
        }
    }

    private final Map<String, JavaDelegate> beans = new HashMap<>();
    private final Map<String, Problem> problems = new HashMap<>();
    private final Map<String, Measure> measures = new HashMap<>();

    private MockedDelegates() {
    }

    /** Registers every delegate bean with {@link Mocks}; call {@link Mocks#reset()} after the test. */
    static MockedDelegates register() throws Exception {
        MockedDelegates delegates = new MockedDelegates();
        delegates.registerRoundBeans();
        delegates.registerProblemBeans();
        delegates.registerMeasureBeans();
        delegates.bean("recordPeriodicCheck", execution -> {
        });
        return delegates;
    }

    JavaDelegate bean(String name) {
        return beans.get(name);
    }

    /** A problem as the office assigned it (what {@code assignProblems} saves). */
    MockedDelegates problem(String problemKey, Problem problem) {
        problems.put(problemKey, problem);
        return this;
    }

    /** A measure of an approved plan (what {@code savePlan} saves). */
    MockedDelegates measure(String measureKey, Measure measure) {
        measures.put(measureKey, measure);
        return this;
    }

    Measure measure(String measureKey) {
        return measures.get(measureKey);
    }

    private void registerRoundBeans() throws Exception {
        bean("assignProblems", execution -> {
            List<String> problemKeys = new ArrayList<>();
            for (SpinJsonNode item : json(execution, "problems").elements()) {
                String problemKey = item.prop("problemKey").stringValue();
                problem(problemKey, new Problem(item.prop("title").stringValue(),
                        item.prop("categoryTitle").stringValue(), item.prop("department").stringValue(),
                        item.prop("leadLeader").stringValue()));
                problemKeys.add(problemKey);
            }
            execution.setVariable("problemKeys", problemKeys);
        });
        bean("summarizeRound", execution -> {
            int count = ((List<?>) execution.getVariable("problemKeys")).size();
            execution.setVariable("roundSummary", "问题 %d 个，已完成整改 %d 个".formatted(count, count));
        });
        bean("closeRound", execution -> {
        });
    }

    private void registerProblemBeans() throws Exception {
        bean("loadProblem", execution -> {
            Problem problem = problems.get((String) execution.getVariable("problemKey"));
            execution.setVariable("problemTitle", problem.title());
            execution.setVariable("categoryTitle", problem.categoryTitle());
            execution.setVariable("departmentGroup", problem.department());
            execution.setVariable("leadLeader", problem.leadLeader());
            execution.setVariable("measures", SpinValues.jsonValue("[]").create());
        });
        bean("savePlan", execution -> {
            String problemKey = (String) execution.getVariable("problemKey");
            List<String> measureKeys = new ArrayList<>();
            for (SpinJsonNode item : json(execution, "measures").elements()) {
                String measureKey = problemKey + "-M" + (measureKeys.size() + 1);
                measure(measureKey, new Measure(problemKey, item.prop("text").stringValue(),
                        item.prop("type").stringValue(), LocalDate.parse(item.prop("deadline").stringValue())));
                measureKeys.add(measureKey);
            }
            execution.setVariable("measureKeys", measureKeys);
        });
        bean("approvePlan", execution -> {
        });
        bean("closeProblem", execution -> {
        });
    }

    private void registerMeasureBeans() throws Exception {
        bean("loadMeasure", execution -> {
            Measure measure = measures.get((String) execution.getVariable("measureKey"));
            Problem problem = problems.get(measure.problemKey());
            execution.setVariable("measureText", measure.text());
            execution.setVariable("problemTitle", problem.title());
            execution.setVariable("departmentGroup", problem.department());
            execution.setVariable("leadLeader", problem.leadLeader());
            execution.setVariable("measureType", measure.type());
            execution.setVariable("deadline", measure.deadlineDate());
            execution.setVariable("deadlineText", measure.deadline().toString());
        });
        bean("recordProgress", execution -> {
        });
        bean("storeEvidence", execution -> {
            FileValue evidence = execution.getVariableTyped("evidenceFile");
            execution.setVariable("evidenceInfo", evidence.getFilename() + " SHA-256 0f3a…");
        });
        bean("reopenMeasure", execution -> {
        });
        bean("closeMeasure", execution -> {
        });
        bean("keepLongTerm", execution -> {
        });
    }

    private void bean(String name, JavaDelegate behaviour) throws Exception {
        JavaDelegate delegate = mock(JavaDelegate.class, name);
        doAnswer(invocation -> {
            behaviour.execute(invocation.getArgument(0));
            return null;
        }).when(delegate).execute(any());
        beans.put(name, delegate);
        Mocks.register(name, delegate);
    }

    private static SpinJsonNode json(DelegateExecution execution, String name) {
        return (SpinJsonNode) execution.getVariable(name);
    }
}
