package cn.xuncha.rectify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/** Completes a rectification's tasks as the people who own them would, through the engine's task API. */
public record Walk(TaskService tasks, IdentityService identity) {

	public Task task(String businessKey, String taskDefinitionKey) {
		Task task = tasks.createTaskQuery().processInstanceBusinessKey(businessKey)
				.taskDefinitionKey(taskDefinitionKey).singleResult();
		assertThat(task).as("%s waits at %s", businessKey, taskDefinitionKey).isNotNull();
		return task;
	}

	public void complete(String businessKey, String taskDefinitionKey, String user, Map<String, Object> variables) {
		Task task = task(businessKey, taskDefinitionKey);
		var groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
		identity.setAuthentication(user, groups);
		try {
			if (task.getAssignee() == null) {
				tasks.claim(task.getId(), user);
			}
			tasks.complete(task.getId(), variables);
		}
		finally {
			identity.clearAuthentication();
		}
	}
}
