package cn.xuncha.rectify.escalation;

import cn.xuncha.rectify.measure.MeasureProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.MeterRegistry;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.measure.MeasureFinished;
import cn.xuncha.rectify.notify.Notification;
import cn.xuncha.rectify.notify.Notifier;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/**
 * Applies the ladder's decisions: opens each level once per measure (提醒 notifies, 催办 urges the department,
 * 督办 gives the lead leader a supervised matter, 谈话提醒 a talk to hold, 移交纪检 tells the inspectors), lets a
 * recovered measure step down, and ends everything once the measure is finished.
 */
@Service
public class EscalationLadder {

	/** What a review did, or in a dry run would do, for one measure. */
	public record Action(String measure, String level, String levelLabel, String reason, List<String> notified,
			String tasked) {
	}

	private final Escalations escalations;
	private final Notifier notifier;
	private final Directory directory;
	private final IdentityService identity;
	private final RuntimeService runtime;
	private final TaskService tasks;
	private final Privileged privileged;
	private final Duration supervisionDue;
	/** Actions opened, by level (registered once: a review opens tens of thousands). */
	private final java.util.Map<Level, io.micrometer.core.instrument.Counter> opened = new java.util.EnumMap<>(Level.class);
	private final ManagementService management;
	/** The engine's table names (a configured prefix included), for the native task query of {@link #link}. */
	private volatile String taskTable;
	private volatile String executionTable;

	EscalationLadder(Escalations escalations, Notifier notifier, Directory directory, IdentityService identity,
			RuntimeService runtime, TaskService tasks, Privileged privileged,
			@Value("${rectify.review.supervision-due:P7D}") Duration supervisionDue, MeterRegistry metrics,
			ManagementService management) {
		for (Level level : Level.values()) {
			opened.put(level, metrics.counter("rectify.escalation.actions.opened", "level", level.name()));
		}
		this.management = management;
		this.escalations = escalations;
		this.notifier = notifier;
		this.directory = directory;
		this.identity = identity;
		this.runtime = runtime;
		this.tasks = tasks;
		this.privileged = privileged;
		this.supervisionDue = supervisionDue;
	}

	/** The action this decision calls for, unless the same level of this measure is already open. */
	public Optional<Action> planned(Measure measure, String leadLeader, Level level, String reason) {
		return planned(measure, leadLeader, level, reason, escalations.openOf(measure.id()));
	}

	/** {@link #planned(Measure, String, Level, String)} with the measure's open escalations already at hand. */
	public Optional<Action> planned(Measure measure, String leadLeader, Level level, String reason,
			List<Escalations.Escalation> open) {
		if (level == Level.NONE || open.stream().anyMatch(e -> e.level() == level)) {
			return Optional.empty();
		}
		return Optional.of(new Action(measure.key(), level.name(), level.label(), reason,
				recipients(measure, leadLeader, level), tasked(leadLeader, level)));
	}

	/** Opens the level and does what it says; answers the action taken, if any. */
	@Transactional
	public Optional<Action> escalate(Measure measure, String leadLeader, Level level, String reason, long reviewId) {
		return escalate(measure, leadLeader, level, reason, reviewId, escalations.openOf(measure.id()));
	}

	/**
	 * {@link #escalate(Measure, String, Level, String, long)} with the measure's open escalations already at hand
	 * (a review loads them all in one query). Idempotent: a level already open is not opened again, and the
	 * database refuses a second open escalation of one level for one measure.
	 */
	@Transactional
	public Optional<Action> escalate(Measure measure, String leadLeader, Level level, String reason, long reviewId,
			List<Escalations.Escalation> open) {
		stepDown(open, level);
		Optional<Action> planned = planned(measure, leadLeader, level, reason, open);
		if (planned.isEmpty()) {
			return planned;
		}
		Action action = planned.get();
		Instant due = level == Level.SUPERVISE ? Now.instant().plus(supervisionDue) : null;
		long id = escalations.open(measure.id(), level, reviewId, reason, due);
		String processInstanceId = switch (level) {
			case SUPERVISE -> start(EscalationProcesses.SUPERVISED_MATTER, measure, reason, due);
			case TALK -> start(EscalationProcesses.TALK_REMINDER, measure, reason, null);
			default -> null;
		};
		escalations.recordAction(id, String.join(",", action.notified()), action.tasked(), processInstanceId);
		notifier.notify(Notification.linkedLater(action.notified(), subject(level, measure),
				body(level, measure, reason, due), () -> link(processInstanceId, measure)));
		opened.get(level).increment();
		return planned;
	}

	/** Whether today's level resolves one of these open escalations (see {@link #stepDown}). */
	public static boolean stepsDown(List<Escalations.Escalation> open, Level level) {
		return open.stream().anyMatch(e -> e.level().isAbove(level) && e.level().ordinal() <= Level.URGE.ordinal());
	}

	/** DOMAIN: a measure that recovers stops climbing — its open levels above today's verdict are resolved. */
	private void stepDown(List<Escalations.Escalation> escalationsOpen, Level level) {
		for (var open : escalationsOpen) {
			if (stepsDown(List.of(open), level)) {
				escalations.resolve(open.id(), "情况好转 (recovered)");
			}
		}
	}

	/** Closing a measure ends its open escalations and the supervised matters and talks still running for it. */
	@EventListener
	public void finished(MeasureFinished event) {
		for (var open : escalations.openOf(event.measureId())) {
			escalations.resolve(open.id(), event.outcome());
			if (open.processInstanceId() != null) {
				privileged.run(() -> {
					if (runtime.createProcessInstanceQuery().processInstanceId(open.processInstanceId()).count() > 0) {
						runtime.deleteProcessInstance(open.processInstanceId(), event.outcome(), true, true);
					}
				});
			}
		}
	}

	@Transactional
	public void recordSupervision(long escalationId) {
		escalations.markHandled(escalationId);
	}

	@Transactional
	public void recordTalk(Escalations.Escalation escalation, String leader, LocalDate heldOn, String place,
			String participants, String content, String commitment) {
		escalations.insertTalk(escalation, leader, heldOn, place, participants, content, commitment);
		escalations.markHandled(escalation.id());
	}

	/** The lead leader and the escalation follow from the business key and the process instance (TaskOwner). */
	private String start(String process, Measure measure, String reason, Instant due) {
		return privileged.call(() -> runtime.createProcessInstanceByKey(process).businessKey(measure.key())
				.setVariable("measureKey", measure.key()).setVariable("measureText", measure.text())
				.setVariable("reason", reason).setVariable("responsiblePerson", measure.responsiblePerson())
				.setVariable("responsiblePersonName", directory.personName(measure.responsiblePerson()))
				.setVariable("supervisionDueDate", due == null ? null : java.util.Date.from(due)).execute().getId());
	}

	private List<String> recipients(Measure measure, String leadLeader, Level level) {
		var users = new LinkedHashSet<String>();
		if (directory.isUser(measure.responsiblePerson())) {
			users.add(measure.responsiblePerson());
		}
		switch (level) {
			case URGE -> users.addAll(members(measure.department()));
			case SUPERVISE -> users.add(leadLeader);
			case TALK -> users.add(leadLeader);
			case REFER -> {
				users.addAll(members(Roles.INSPECTORS));
				users.addAll(members(Roles.OFFICE));
			}
			default -> {
			}
		}
		users.remove(null);
		return new ArrayList<>(users);
	}

	private static String tasked(String leadLeader, Level level) {
		return switch (level) {
			case SUPERVISE, TALK -> leadLeader;
			case REFER -> Roles.INSPECTORS;
			default -> null;
		};
	}

	private List<String> members(String group) {
		if (group == null) {
			return List.of();
		}
		return privileged.call(() -> identity.createUserQuery().memberOfGroup(group).list().stream().map(User::getId)
				.toList());
	}

	private static String subject(Level level, Measure measure) {
		return level.label() + "：" + measure.key();
	}

	private static String body(Level level, Measure measure, String reason, Instant due) {
		String text = "整改措施 %s「%s」\n整改时限：%s\n%s：%s".formatted(measure.key(), measure.text(),
				measure.deadline() == null ? "未定" : measure.deadline(), level.label(), reason);
		if (due != null) {
			text += "\n督办办结时限：" + LocalDate.ofInstant(due, Now.CHINA);
		}
		return text;
	}

	/**
	 * The task the mail links to: the supervised matter's or talk's own task, else the measure's 执行整改措施. Looked up
	 * when the mail is written, after the commit: a task started in the review's transaction is not in the database
	 * before. A native query by business key: a TaskQuery's dynamic SQL costs more CPU to build than the lookup.
	 */
	private String link(String processInstanceId, Measure measure) {
		if (taskTable == null) {
			taskTable = management.getTableName(Task.class);
			executionTable = management.getTableName(Execution.class);
		}
		var query = processInstanceId != null
				? tasks.createNativeTaskQuery().sql("select RES.* from " + taskTable + " RES where RES.PROC_INST_ID_ = #{instance}")
						.parameter("instance", processInstanceId)
				: tasks.createNativeTaskQuery().sql("select RES.* from " + taskTable + " RES join " + executionTable
						+ " E on E.ID_ = RES.PROC_INST_ID_ where E.BUSINESS_KEY_ = #{key} and RES.TASK_DEF_KEY_ = #{definition}")
						.parameter("key", measure.key()).parameter("definition", MeasureProcess.TASK_EXECUTE_MEASURE);
		var found = privileged.call(() -> query.list().stream().findFirst());
		return found.map(t -> Notification.taskLink(t.getId()))
				.orElse("/camunda/app/tasklist/default/");
	}
}
