package cn.xuncha.rectify.round;

/** Ids of bpmn/round-rectification.bpmn (巡察整改) used from Java. */
public final class RoundProcess {

	public static final String ID = "roundRectification";
	public static final String TASK_REGISTER_FEEDBACK = "Task_RegisterFeedback";

	private RoundProcess() {
	}
}
