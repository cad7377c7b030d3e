package cn.xuncha.rectify.tasklist;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.round.Ledger;

/**
 * Names every user task after its matter, so a Tasklist list of five 落实整改措施 says which five measures they are:
 * {@code 落实整改措施 · P1-M5 编制开工准备和施工计划…}. Wired in the models as the create listener
 * {@code ${taskMatter}}; the model keeps the plain name for its diagram. The matter is read from the ledger by the
 * process's business key, as {@code owner} reads whose task it is (docs/security.md: process identity). It also
 * gives the task the display-only variables the shared filters list: matterKey, departmentName, deadlineText.
 */
@Component("taskMatter")
class TaskMatter implements TaskListener {

	static final String SEPARATOR = " · ";
	/** Chinese characters of the measure's, problem's or round's text kept in the name. */
	static final int SHORT_TEXT = 20;

	private static final Pattern MEASURE_KEY = Pattern.compile(".+-(P\\d+-M\\d+)");
	private static final Pattern PROBLEM_KEY = Pattern.compile(".+-(P\\d+)");
	/** The element variable of the half-monthly review's per-department report (engine-set, not a form field). */
	private static final String REPORT_DEPARTMENT = "reportDepartment";

	private final Ledger ledger;
	private final Directory directory;

	TaskMatter(Ledger ledger, Directory directory) {
		this.ledger = ledger;
		this.directory = directory;
	}

	record Matter(String key, String title, String department, String deadline) {
	}

	@Override
	public void notify(DelegateTask task) {
		Matter matter = matter(task);
		if (matter == null) {
			return;
		}
		task.setName(task.getName() + SEPARATOR + matter.title());
		if (matter.key() != null) {
			task.setVariableLocal("matterKey", matter.key());
		}
		if (matter.department() != null) {
			task.setVariableLocal("departmentName", directory.departmentName(matter.department()));
		}
		if (matter.deadline() != null) {
			task.setVariableLocal("deadlineText", matter.deadline());
		}
	}

	/** The task's measure, problem or round by business key; a review's report by its department. */
	Matter matter(DelegateTask task) {
		String key = task.getExecution().getProcessBusinessKey();
		if (key == null) {
			String department = (String) task.getExecution().getVariable(REPORT_DEPARTMENT);
			return department == null ? null : new Matter(null, directory.departmentName(department), department, null);
		}
		Matcher measureKey = MEASURE_KEY.matcher(key);
		if (measureKey.matches()) {
			var measure = ledger.measure(key);
			return new Matter(key, measureKey.group(1) + " " + shorten(measure.text()), measure.department(),
					measure.deadline() == null ? "未定" : measure.deadline().toString());
		}
		Matcher problemKey = PROBLEM_KEY.matcher(key);
		if (problemKey.matches()) {
			var problem = ledger.problem(key);
			return new Matter(key, problemKey.group(1) + " " + shorten(problem.title()), problem.department(), null);
		}
		return ledger.findRound(key).map(round -> new Matter(key, key + " " + shorten(round.title()), null, null))
				.orElse(null);
	}

	/** The first {@value #SHORT_TEXT} characters on one line, with … when cut. */
	static String shorten(String text) {
		String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
		if (line.codePointCount(0, line.length()) <= SHORT_TEXT) {
			return line;
		}
		return line.substring(0, line.offsetByCodePoints(0, SHORT_TEXT)) + "…";
	}
}
