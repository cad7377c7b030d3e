package cn.xuncha.rectify.review;

/** Ids of bpmn/half-monthly-review.bpmn (每半月梳理整改进展) used from Java. */
public final class ReviewProcess {

	public static final String ID = "halfMonthlyReview";
	public static final String TASK_EVALUATE_MEASURES = "Task_EvaluateMeasures";
	public static final String TASK_REPORT_PROGRESS = "Task_ReportProgress";

	private ReviewProcess() {
	}
}
