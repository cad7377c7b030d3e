package cn.xuncha.rectify.escalation;

/** Ids of bpmn/supervised-matter.bpmn (督办事项) and bpmn/talk-reminder.bpmn (谈话提醒) used from Java. */
public final class EscalationProcesses {

	public static final String SUPERVISED_MATTER = "supervisedMatter";
	public static final String TASK_HANDLE_SUPERVISION = "Task_HandleSupervision";
	public static final String TALK_REMINDER = "talkReminder";

	private EscalationProcesses() {
	}
}
