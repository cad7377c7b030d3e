package cn.xuncha.rectify.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One gate in the engine for everything a person asks of it, whichever way the request came (engine REST,
 * Tasklist, Cockpit, the Java API): Camunda authorizations say which task or instance a person may touch; this
 * gate says what touching may do.
 * <ul>
 * <li>completing a task carries exactly the fields of its form ({@link TaskForms}); anything else is a 400;</li>
 * <li>a claim is for oneself; an unclaim for one's own task;</li>
 * <li>a comment is for those who may work the task;</li>
 * <li>every other write — variables, messages, signals, starts, modification, migration, restart, deletion,
 * suspension, jobs, attachments, task edits — is the administrator's alone; the product starts rounds and
 * reviews itself after checking the caller's role (/api/rounds, /api/reviews);</li>
 * <li>deploying through the API is off unless {@code rectify.engine-rest.deployment-enabled} (off in prod: a
 * deployed model runs code).</li>
 * </ul>
 * Only the command a request asks for is checked, not the commands the engine runs for it (a delegate starting a
 * process), and never a command without a logged-in user (jobs, timers, start-up, the product's own services).
 */
@Component
@Order(20)
class EngineGate extends AbstractProcessEnginePlugin {

	/** Engine commands that change something are named for what they do; reads are Get…, Find…, …Query. */
	private static final Pattern WRITE = Pattern.compile("(Activate|Activity|Add|Assign|Claim|Close|Complete|Correlate"
			+ "|Create(?!\\w*Query)|Delegate|Delete|Deploy|Disable|Evaluate|Execute(?!Filter)|Extend|Fetch|Handle|Lock"
			+ "|Manual|MessageEventReceived|Migrate|Modify|Patch|ProcessInstanceModification|Purge|Recalculate|Reenable"
			+ "|Register|Remove|Report|Resolve|Restart|Save|Set|Signal|Start|StateTransition|Submit|Suspend|Telemetry"
			+ "|Terminate|Transition|Unlock|Unregister|Update)\\w*Cmd");

	/** Identity, filters and authorizations: guarded by Camunda's own USER, GROUP, FILTER and AUTHORIZATION grants. */
	private static final Pattern SELF_GUARDED = Pattern.compile(
			"(Save|Create|Delete|Set|Unlock)(User|UserInfo|UserPicture|Group|Membership|Tenant|TenantUserMembership"
					+ "|TenantGroupMembership|Authorization|Filter)Cmd");

	private final TaskForms forms;
	private final boolean deploymentEnabled;

	EngineGate(ObjectMapper json, @Value("${rectify.engine-rest.deployment-enabled:true}") boolean deploymentEnabled) {
		this.forms = new TaskForms(json);
		this.deploymentEnabled = deploymentEnabled;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setCustomPostCommandInterceptorsTxRequired(
				with(configuration.getCustomPostCommandInterceptorsTxRequired(), new Gate()));
		configuration.setCustomPostCommandInterceptorsTxRequiresNew(
				with(configuration.getCustomPostCommandInterceptorsTxRequiresNew(), new Gate()));
	}

	private static List<CommandInterceptor> with(List<CommandInterceptor> interceptors, CommandInterceptor gate) {
		var all = new java.util.ArrayList<CommandInterceptor>(interceptors == null ? List.of() : interceptors);
		all.add(gate);
		return all;
	}

	/** Runs inside the command context, before the command; nested commands pass (depth > 0). */
	private final class Gate extends CommandInterceptor {

		private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

		@Override
		public <T> T execute(Command<T> command) {
			int[] depth = DEPTH.get();
			if (depth[0]++ == 0) {
				try {
					check(command, Context.getCommandContext());
				}
				catch (RuntimeException e) {
					depth[0]--;
					throw e;
				}
			}
			try {
				return next.execute(command);
			}
			catch (AuthorizationException refusal) {
				throw depth[0] == 1 ? lostRace(command, refusal) : refusal;
			}
			finally {
				depth[0]--;
			}
		}
	}

	/**
	 * Two people complete one task: the loser read the task before the winner committed and its authorizations after,
	 * so the engine says 403. When the task is gone by now, the truth is a lost race: 409.
	 */
	private static RuntimeException lostRace(Command<?> command, AuthorizationException refusal) {
		if (command.getClass() != CompleteTaskCmd.class && command.getClass() != SubmitTaskFormCmd.class) {
			return refusal;
		}
		String taskId = field(command, "taskId");
		boolean gone = Context.getProcessEngineConfiguration().getCommandExecutorTxRequiresNew()
				.execute(fresh -> fresh.getTaskManager().findTaskById(taskId) == null);
		return gone ? new OptimisticLockingException("任务 " + taskId + " 刚被他人办理 (the task was just completed by "
				+ "someone else)") : refusal;
	}

	void check(Command<?> command, CommandContext context) {
		Authentication person = context.getAuthentication();
		if (person == null || person.getUserId() == null) {
			return;
		}
		if (command instanceof DeployCmd && !deploymentEnabled) {
			throw refused("部署流程模型（生产环境中模型随程序发布，经接口部署已关闭：模型可以执行代码）",
					"deployment through the API is off: models ship with the application, and a deployed model can run code");
		}
		if (person.getGroupIds() != null && person.getGroupIds().contains(Roles.ADMIN)) {
			return;
		}
		String name = command.getClass().getSimpleName();
		// exact classes: ResolveTaskCmd extends CompleteTaskCmd and is not a way to leave a task here
		if (command.getClass() == CompleteTaskCmd.class || command.getClass() == SubmitTaskFormCmd.class) {
			// Who may work the task comes first: a stranger hears the engine's 403 (or 404), not what the form takes.
			TaskEntity task = task(context, field(command, "taskId"));
			if (task != null && works(task, person)) {
				String variables = command instanceof SubmitTaskFormCmd ? "properties" : "variables";
				Map<String, Object> admitted = forms.admit(context, task, field(command, variables));
				ReflectionUtils.setField(declared(command, variables), command,
						admitted == null || command instanceof CompleteTaskCmd ? admitted : Variables.fromMap(admitted));
			}
		}
		else if (command.getClass() == ClaimTaskCmd.class) {
			checkClaim(context, person, field(command, "taskId"), field(command, "userId"));
		}
		else if (command.getClass() == AddCommentCmd.class) {
			checkComment(context, person, field(command, "taskId"));
		}
		else if (WRITE.matcher(name).matches() && !SELF_GUARDED.matcher(name).matches()) {
			throw refused("通过引擎接口直接" + action(name) + "（只有系统管理员可以；流程只经任务表单和本系统接口推进）",
					"only an administrator may " + name.replaceAll("Cmd$", "")
							+ " through the engine API; processes move through task forms and the product's API");
		}
	}

	private static void checkClaim(CommandContext context, Authentication person, String taskId, String userId) {
		if (userId != null && !userId.equals(person.getUserId())) {
			throw refused("为他人认领任务（只能为自己认领）", "a task can be claimed only for oneself, not for " + userId);
		}
		TaskEntity task = task(context, taskId);
		if (userId == null && task != null && task.getAssignee() != null
				&& !task.getAssignee().equals(person.getUserId())) {
			throw refused("退回他人已认领的任务（只能退回自己的任务）", "only the assignee may unclaim a task");
		}
	}

	/** A comment belongs to the work on a task: its assignee and candidates may write one, nobody else. */
	private static void checkComment(CommandContext context, Authentication person, String taskId) {
		TaskEntity task = task(context, taskId);
		if (task == null || !works(task, person)) {
			throw refused("添加意见（只有任务的办理人和候选人可以）", "only a task's assignee and candidates may comment on it");
		}
	}

	/** The task's assignee or one of its candidates (as a user or through a group), from the loaded task. */
	private static boolean works(TaskEntity task, Authentication person) {
		return person.getUserId().equals(task.getAssignee())
				|| task.getIdentityLinks().stream().anyMatch(link -> IdentityLinkType.CANDIDATE.equals(link.getType())
						&& (person.getUserId().equals(link.getUserId()) || (link.getGroupId() != null
								&& person.getGroupIds() != null && person.getGroupIds().contains(link.getGroupId()))));
	}

	private static TaskEntity task(CommandContext context, String taskId) {
		return taskId == null ? null : context.getTaskManager().findTaskById(taskId);
	}

	private static String action(String command) {
		return command.replaceAll("Cmd$", "");
	}

	private static AuthorizationException refused(String chinese, String english) {
		return new AuthorizationException("不允许" + chinese + " (forbidden: " + english + ")");
	}

	@SuppressWarnings("unchecked")
	private static <T> T field(Object command, String name) {
		return (T) ReflectionUtils.getField(declared(command, name), command);
	}

	private static java.lang.reflect.Field declared(Object command, String name) {
		var field = ReflectionUtils.findField(command.getClass(), name);
		if (field == null) {
			throw new IllegalStateException(command.getClass().getName() + " has no field " + name
					+ ": re-check EngineGate after a Camunda upgrade");
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}
}
