package cn.xuncha.rectify.tasklist;

import cn.xuncha.rectify.escalation.EscalationProcesses;
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
 * 督办事项). Created once, found again by name.
 */
@Component
class TaskFilters extends AbstractProcessEnginePlugin {

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		FilterService filters = engine.getFilterService();
		TaskService tasks = engine.getTaskService();
		create(filters, "我的待办", -10, "分配给我的任务 (assigned to me)",
				tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
		create(filters, "本科室待办", -5, "本科室、本角色可认领的任务 (my groups' tasks)",
				tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
		create(filters, "已逾期", 0, "已超过整改时限的任务 (overdue)", tasks.createTaskQuery().dueBeforeExpression("${now()}"));
		create(filters, "督办事项", 5, "分管领导的督办任务 (supervised matters)",
				tasks.createTaskQuery().taskDefinitionKey(EscalationProcesses.TASK_HANDLE_SUPERVISION));
	}

	private static void create(FilterService filters, String name, int priority, String description, TaskQuery query) {
		if (filters.createTaskFilterQuery().filterName(name).count() > 0) {
			return;
		}
		Filter filter = filters.newTaskFilter(name).setQuery(query)
				.setProperties(Map.of("description", description, "priority", priority, "refresh", true));
		filters.saveFilter(filter);
	}
}
