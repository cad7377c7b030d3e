package cn.xuncha.rectify.measure;

/**
 * Ids of bpmn/measure-rectification.bpmn (措施整改), bpmn/long-term-check.bpmn and bpmn/measure-recheck.bpmn (整改回头看)
 * used from Java.
 */
public final class MeasureProcess {

	public static final String ID = "measureRectification";
	public static final String TASK_EXECUTE_MEASURE = "Task_ExecuteMeasure";
	public static final String TASK_SUBMIT_EVIDENCE = "Task_SubmitEvidence";
	public static final String TASK_VERIFY_EVIDENCE = "Task_VerifyEvidence";
	public static final String TASK_APPROVE_CLOSURE = "Task_ApproveClosure";
	public static final String LONG_TERM_CHECK = "longTermCheck";

	public static final String RECHECK = "measureRecheck";
	public static final String TASK_RECHECK = "Task_Recheck";
	/** The check waits for its timer here; the office's sample brings it forward. */
	public static final String GATEWAY_WAIT_RECHECK = "Gateway_WaitRecheck";
	/** Message start: the office samples a closed measure that has no check waiting. */
	public static final String MESSAGE_RECHECK_SAMPLED = "measureRecheckSampled";
	/** Intermediate message: the office samples a closed measure whose scheduled check waits. */
	public static final String MESSAGE_RECHECK_BROUGHT_FORWARD = "measureRecheckBroughtForward";

	private MeasureProcess() {
	}
}
