package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared Tasklist filters over the demo: a staff user's first filter holds their department's tasks, every
 * entry names its matter and lists its key, department and deadline, overdue first; a start repairs filters an
 * older version saved, and names the open tasks it left with plain names.
 */
@SpringBootTest
@ActiveProfiles("test")
class TaskFiltersTest {

	@Autowired
	ProcessEngine engine;
	@Autowired
	FilterService filters;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	TaskFilters taskFilters;
	@Autowired
	NameOpenTasks nameOpenTasks;

	@AfterEach
	void logout() {
		identity.clearAuthentication();
	}

	@Test
	void staffUsersFirstFilterHoldsTheirDepartmentsTasksNamedAfterTheirMatterOverdueFirst() {
		Filter first = filters.createTaskFilterQuery().list().stream()
				.min(Comparator.comparingInt(f -> ((Number) f.getProperties().get("priority")).intValue())).orElseThrow();
		assertThat(first.getName()).isEqualTo("我的待办");
		assertThat(first.getProperties().get("variables")).isEqualTo(TaskFilters.VARIABLES);

		login("staff-eng");
		List<Task> mine = filters.list(first.getId());
		// 工程建设科's measures are open to the whole department: unclaimed, they are in the user's first filter
		assertThat(mine).hasSizeGreaterThanOrEqualTo(5);
		assertThat(mine).allSatisfy(task -> assertThat(task.getAssignee() == null
				? tasks.getIdentityLinksForTask(task.getId()).stream().anyMatch(l -> "dept-eng".equals(l.getGroupId()))
				: task.getAssignee().equals("staff-eng")).as("%s is staff-eng's or 工程建设科's", task.getName()).isTrue());
		assertThat(mine).filteredOn(task -> "Task_ExecuteMeasure".equals(task.getTaskDefinitionKey()))
				.hasSizeGreaterThan(1)
				.allSatisfy(task -> assertThat(task.getName()).matches("落实整改措施 · P\\d+-M\\d+ .+"));
		// earliest due date first (overdue on top), tasks without one last
		List<Date> due = mine.stream().map(Task::getDueDate).toList();
		List<Date> dated = due.stream().filter(Objects::nonNull).toList();
		assertThat(dated).isSortedAccordingTo(Comparator.naturalOrder());
		assertThat(due.subList(0, dated.size())).doesNotContainNull();

		Task measureTask = mine.stream().filter(task -> "Task_ExecuteMeasure".equals(task.getTaskDefinitionKey()))
				.findFirst().orElseThrow();
		Map<String, Object> variables = tasks.getVariables(measureTask.getId(),
				List.of("matterKey", "departmentName", "deadlineText"));
		assertThat((String) variables.get("matterKey")).matches("HZSW-2020-P\\d+-M\\d+");
		assertThat(measureTask.getName()).contains(((String) variables.get("matterKey")).substring("HZSW-2020-".length()));
		assertThat(variables.get("departmentName")).isEqualTo("工程建设科");
		assertThat((String) variables.get("deadlineText")).matches("\\d{4}-\\d{2}-\\d{2}|未定");
	}

	@Test
	void aStartUpdatesTheFiltersAnOlderVersionCreated() {
		Filter mine = filters.createTaskFilterQuery().filterName("我的待办").singleResult();
		mine.setQuery(tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"))
				.setProperties(Map.of("priority", 10, "description", "分配给我的任务"));
		filters.saveFilter(mine);

		taskFilters.postProcessEngineBuild(engine);

		assertThat(filters.createTaskFilterQuery().filterName("我的待办").count()).isEqualTo(1);
		Filter updated = filters.getFilter(mine.getId());
		assertThat(updated.getProperties()).containsEntry("priority", -10).containsEntry("variables",
				TaskFilters.VARIABLES);
		login("staff-eng");
		assertThat(filters.count(updated.getId())).isPositive();
	}

	@Test
	void aStartNamesOpenTasksAnOlderVersionCreatedWithThePlainName() {
		Task task = tasks.createTaskQuery().processInstanceBusinessKey("HZSW-2020-P1-M5")
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult();
		String named = task.getName();
		task.setName("落实整改措施");
		tasks.saveTask(task);
		tasks.removeVariablesLocal(task.getId(), List.of("matterKey", "departmentName", "deadlineText"));

		nameOpenTasks.nameOpenTasks();

		assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getName()).isEqualTo(named)
				.startsWith("落实整改措施 · P1-M5 ");
		assertThat(tasks.getVariableLocal(task.getId(), "matterKey")).isEqualTo("HZSW-2020-P1-M5");
		assertThat(tasks.createTaskQuery().taskNameLike("%" + TaskMatter.SEPARATOR + "%" + TaskMatter.SEPARATOR + "%")
				.count()).as("no task named twice").isZero();
	}

	private void login(String user) {
		identity.setAuthentication(user,
				identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList());
	}
}
