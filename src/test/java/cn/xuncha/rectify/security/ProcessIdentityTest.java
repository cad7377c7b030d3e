package cn.xuncha.rectify.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The models' side of docs/security.md: whose task it is comes from the ledger ({@code ${owner.…(execution)}}) or
 * from a variable only the engine writes; no form lets a person answer one of those variables; and what each form
 * admits is pinned, so a changed form is a reviewed change of what a completion may set.
 */
class ProcessIdentityTest {

	/** Variables the processes route or key by; no form may have an editable field of that name. */
	static final Set<String> ENGINE_OWNED = Set.of("measureKey", "problemKey", "roundKey", "leadLeader",
			"departmentGroup", "reportDepartment", "reportDepartments", "reviewId", "escalationId", "measureKeys",
			"problemKeys", "deadline", "reportDueDate", "supervisionDueDate", "checkInterval", "trigger",
			"signOffRequired");

	final TaskForms forms = new TaskForms(new ObjectMapper());

	@Test
	void everyAssigneeAndCandidateGroupComesFromTheLedgerOrTheEngine() throws IOException {
		for (Path file : files("bpmn", ".bpmn")) {
			var model = Bpmn.readModelFromFile(file.toFile());
			for (UserTask task : model.getModelElementsByType(UserTask.class)) {
				for (String expression : new String[] { task.getCamundaAssignee(), task.getCamundaCandidateGroups(),
						task.getCamundaCandidateUsers(), task.getCamundaDueDate() }) {
					if (expression == null || !expression.contains("${")) {
						continue; // a literal group such as office or secretary
					}
					assertThat(expression).as(file.getFileName() + " " + task.getId())
							.matches("\\$\\{(owner|roundReport)\\.\\w+\\(execution\\)}|\\$\\{(reportDepartment|reportDueDate|supervisionDueDate|talkDate)}"
									// a due date the engine computes from its clock and the working-day calendar
									+ "|\\$\\{recheckSchedule\\.answerDue\\(\\)}");
				}
			}
		}
	}

	@Test
	void noFormAnswersAVariableTheProcessesRouteBy() throws IOException {
		for (Path file : files("forms", "")) {
			var fields = forms.parse(file.getFileName().toString(), Files.readAllBytes(file));
			assertThat(fields.editable()).as(file.getFileName().toString()).doesNotContainAnyElementsOf(ENGINE_OWNED);
		}
	}

	@Test
	void whatEachFormAdmitsIsPinned() throws IOException {
		assertAdmits("approve-closure.form", Set.of("closureDecision", "returnComment"),
				Set.of("problemTitle", "measureText", "closureSummary", "evidenceInfo"));
		assertAdmits("execute-measure.form",
				Set.of("progressNote", "figureDone", "figureTotal", "rulesMade", "executionAction"),
				Set.of("problemTitle", "measureText", "deadlineText", "returnComment"));
		assertAdmits("draft-plan.form", Set.of("measures"), Set.of("categoryTitle", "problemTitle", "planComment"));
		assertAdmits("register-feedback.form", Set.of("problems", "reportDeadline", "planSignOff"),
				Set.of("roundKey", "roundTitle"));
		assertAdmits("sign-off-plan.form", Set.of("signOffDecision", "returnedProblems", "signOffComment"),
				Set.of("roundTitle", "wholePlanSummary"));
		assertAdmits("draft-interim-report.form", Set.of("interimReportText"),
				Set.of("roundTitle", "reportAsOf", "reportDue", "reportSummary", "interimComment"));
		assertAdmits("sign-interim-report.form", Set.of("interimDecision", "interimComment"),
				Set.of("roundTitle", "reportAsOf", "reportDue", "reportSummary", "interimReportText"));
		assertAdmits("report-progress.form", Set.of("reportItems"), Set.of());
		assertAdmits("handle-supervision.form", Set.of("supervisionInstruction", "supervisionAction"),
				Set.of("measureKey", "measureText", "reason"));
		assertAdmits("submit-evidence.html", Set.of("evidenceFile", "closureSummary", "rulesMade"), Set.of());
		assertAdmits("recheck-measure.form", Set.of("recheckResult", "recheckNote", "reboundDeadline"),
				Set.of("measureKey", "measureText", "closedOn"));
	}

	private void assertAdmits(String form, Set<String> editable, Set<String> readonly) throws IOException {
		var fields = forms.parse(form, Files.readAllBytes(Path.of("forms", form)));
		assertThat(fields.editable()).as(form + " editable").isEqualTo(editable);
		assertThat(fields.readonly()).as(form + " read-only").isEqualTo(readonly);
	}

	private static List<Path> files(String folder, String suffix) throws IOException {
		try (Stream<Path> paths = Files.list(Path.of(folder))) {
			var found = paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
			assertThat(found).as(folder).isNotEmpty();
			return found;
		}
	}
}
