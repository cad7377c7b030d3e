package cn.xuncha.rectify.tasklist;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.Ledger;

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
	static final String REPORT_DEPARTMENT = "reportDepartment";

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
		Matter matter = matter(task.getExecution().getProcessBusinessKey(),
				() -> task.getExecution().getVariable(REPORT_DEPARTMENT));
		if (matter != null) {
			task.setName(name(task.getName(), matter));
			task.setVariablesLocal(variables(matter));
		}
	}

	/** The task's name with its matter: {@code 落实整改措施 · P1-M5 编制开工准备…}. */
	static String name(String taskName, Matter matter) {
		return taskName + SEPARATOR + matter.title();
	}

	/** The display-only variables the shared filters list. */
	Map<String, Object> variables(Matter matter) {
		Map<String, Object> variables = new LinkedHashMap<>();
		if (matter.key() != null) {
			variables.put("matterKey", matter.key());
		}
		if (matter.department() != null) {
			variables.put("departmentName", directory.departmentName(matter.department()));
		}
		if (matter.deadline() != null) {
			variables.put("deadlineText", matter.deadline());
		}
		return variables;
	}

	/**
	 * The measure, problem or round of the business key; without one, a half-monthly report's department (read only
	 * when needed: it is the element variable of the review's per-department report, set by the engine). Null when
	 * the task has no matter of its own (整改办确认梳理结果).
	 */
	Matter matter(String key, Supplier<Object> reportDepartment) {
		if (key == null) {
			Object department = reportDepartment.get();
			return department == null ? null
					: new Matter(null, directory.departmentName((String) department), (String) department, null);
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
