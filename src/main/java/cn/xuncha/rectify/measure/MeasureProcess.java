package cn.xuncha.rectify.measure;

/** Ids of bpmn/measure-rectification.bpmn (措施整改) and bpmn/long-term-check.bpmn used from Java. */
public final class MeasureProcess {

	public static final String ID = "measureRectification";
	public static final String TASK_EXECUTE_MEASURE = "Task_ExecuteMeasure";
	public static final String TASK_SUBMIT_EVIDENCE = "Task_SubmitEvidence";
	public static final String TASK_VERIFY_EVIDENCE = "Task_VerifyEvidence";
	public static final String TASK_APPROVE_CLOSURE = "Task_ApproveClosure";
	public static final String LONG_TERM_CHECK = "longTermCheck";

	private MeasureProcess() {
	}
}
