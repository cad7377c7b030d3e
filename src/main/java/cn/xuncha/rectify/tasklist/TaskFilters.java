package cn.xuncha.rectify.tasklist;

import cn.xuncha.rectify.escalation.EscalationProcesses;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Component;

/**
 * Tasklist shows tasks only through filters: the shared ones every user starts from (我的待办, 本科室待办, 已逾期,
 * 督办事项). Found by name and brought up to date on every start, so an existing installation gets what a new one
 * gets; a filter someone added under another name is left alone.
 */
@Component
class TaskFilters extends AbstractProcessEnginePlugin {

	/**
	 * What a list entry shows besides the task's name and due date: the matter's key, department and deadline that
	 * {@link TaskMatter} gives every task (display only; whose task it is comes from the ledger).
	 */
	static final List<Map<String, String>> VARIABLES = List.of(
			Map.of("name", "matterKey", "label", "事项"),
			Map.of("name", "departmentName", "label", "责任科室"),
			Map.of("name", "deadlineText", "label", "整改时限"));

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		FilterService filters = engine.getFilterService();
		TaskService tasks = engine.getTaskService();
		// first for everyone: what the user works on — assigned to them, or open to one of their groups (department)
		save(filters, "我的待办", -10, "分配给我和本科室可认领的任务 (mine and my groups')",
				byDueDate(tasks.createTaskQuery().or().taskAssigneeExpression("${currentUser()}")
						.taskCandidateGroupInExpression("${currentUserGroups()}").endOr()));
		save(filters, "本科室待办", -5, "本科室、本角色的任务，含已认领的 (my groups' tasks, claimed ones too)",
				byDueDate(tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
						.includeAssignedTasks()));
		save(filters, "已逾期", 0, "已超过整改时限的任务 (overdue)",
				byDueDate(tasks.createTaskQuery().dueBeforeExpression("${now()}")));
		save(filters, "督办事项", 5, "分管领导的督办任务 (supervised matters)",
				byDueDate(tasks.createTaskQuery().taskDefinitionKey(EscalationProcesses.TASK_HANDLE_SUPERVISION)));
	}

	/** Overdue first: the earliest due date on top (Tasklist sends its own sorting, see scripts/due-date-first.js). */
	private static TaskQuery byDueDate(TaskQuery query) {
		return query.orderByDueDate().asc();
	}

	private static void save(FilterService filters, String name, int priority, String description, TaskQuery query) {
		Filter filter = filters.createTaskFilterQuery().filterName(name).list().stream().findFirst()
				.orElseGet(() -> filters.newTaskFilter(name));
		filter.setQuery(query).setProperties(Map.of("description", description, "priority", priority, "refresh",
				true, "variables", VARIABLES, "showUndefinedVariable", false));
		filters.saveFilter(filter);
	}
}
