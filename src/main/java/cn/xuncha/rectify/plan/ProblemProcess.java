package cn.xuncha.rectify.plan;

/** Ids of bpmn/problem-rectification.bpmn (问题整改) used from Java. */
public final class ProblemProcess {

	public static final String ID = "problemRectification";
	public static final String TASK_DRAFT_PLAN = "Task_DraftPlan";
	public static final String TASK_REVIEW_PLAN = "Task_ReviewPlan";

	private ProblemProcess() {
	}
}
