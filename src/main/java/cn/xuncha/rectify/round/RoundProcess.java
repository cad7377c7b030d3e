package cn.xuncha.rectify.round;

/** Ids of bpmn/round-rectification.bpmn (巡察整改) used from Java. */
public final class RoundProcess {

	public static final String ID = "roundRectification";
	public static final String TASK_REGISTER_FEEDBACK = "Task_RegisterFeedback";
	public static final String TASK_SIGN_OFF_PLAN = "Task_SignOffPlan";
	public static final String START_INTERIM_REPORT_DUE = "Start_InterimReportDue";
	public static final String TASK_DRAFT_INTERIM_REPORT = "Task_DraftInterimReport";
	public static final String TASK_SIGN_INTERIM_REPORT = "Task_SignInterimReport";
	public static final String TASK_DRAFT_REPORT = "Task_DraftReport";
	public static final String TASK_SIGN_REPORT = "Task_SignReport";

	private RoundProcess() {
	}
}
