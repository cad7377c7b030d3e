package cn.xuncha.rectify.tasklist;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An installation upgraded to tasks named after their matter: its open tasks were created with the plain name, so on
 * start each one without {@value TaskMatter#SEPARATOR} is named as {@link TaskMatter} names new ones. A page at a
 * time, one short transaction per task; a task without a matter of its own is skipped.
 */
@Component
class NameOpenTasks {

	private static final Logger log = LoggerFactory.getLogger(NameOpenTasks.class);
	private static final int PAGE = 100;

	private final TaskService tasks;
	private final RuntimeService runtime;
	private final TaskMatter matter;

	NameOpenTasks(TaskService tasks, RuntimeService runtime, TaskMatter matter) {
		this.tasks = tasks;
		this.runtime = runtime;
		this.matter = matter;
	}

	@EventListener(ApplicationReadyEvent.class)
	void nameOpenTasks() {
		int named = 0;
		int skipped = 0;
		while (true) {
			List<Task> page = tasks.createTaskQuery().taskNameNotLike("%" + TaskMatter.SEPARATOR + "%")
					.orderByTaskId().asc().listPage(skipped, PAGE);
			if (page.isEmpty()) {
				break;
			}
			for (Task task : page) {
				if (tryToName(task)) {
					named++;
				}
				else {
					skipped++;
				}
			}
		}
		if (named > 0) {
			log.info("Named {} open tasks after their matter (tasks created before this version)", named);
		}
	}

	/** A name is display only: a task the ledger cannot explain keeps its plain name and does not stop the start. */
	private boolean tryToName(Task task) {
		try {
			return name(task);
		}
		catch (RuntimeException e) {
			log.warn("Task {} ({}) keeps its plain name: {}", task.getId(), task.getName(), e.toString());
			return false;
		}
	}

	private boolean name(Task task) {
		if (task.getProcessInstanceId() == null) {
			return false;
		}
		var instance = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
				.singleResult();
		var found = matter.matter(instance == null ? null : instance.getBusinessKey(),
				() -> task.getExecutionId() == null ? null
						: runtime.getVariable(task.getExecutionId(), TaskMatter.REPORT_DEPARTMENT));
		if (found == null) {
			return false;
		}
		task.setName(TaskMatter.name(task.getName(), found));
		tasks.saveTask(task);
		tasks.setVariablesLocal(task.getId(), matter.variables(found));
		return true;
	}
}
