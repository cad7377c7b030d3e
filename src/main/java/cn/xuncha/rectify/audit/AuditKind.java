package cn.xuncha.rectify.audit;

/**
 * What an entry of a trail says happened, with the label a reader sees. Several stored record kinds render as one
 * of these (a variable record becomes part of a TASK_COMPLETED, an APPROVED, or a VARIABLE_CHANGED); a measure
 * event the trail does not know yet keeps its stored name and the event's own label.
 */
enum AuditKind {
	PROCESS_STARTED("流程启动"), PROCESS_ENDED("流程结束"),
	TASK_CREATED("生成待办"), TASK_CLAIMED("认领任务"), TASK_UNCLAIMED("退回认领"), TASK_ASSIGNED("转办任务"),
	TASK_COMPLETED("办结任务"), TASK_CANCELLED("撤销待办"),
	APPROVED("审批通过"), REJECTED("审批退回"),
	PROGRESS("进展报告"), CLOSURE_REQUESTED("申请销号"), RETURNED("退回整改"), CLOSED("销号"), LONG_TERM("长期坚持"),
	CHECK_EFFECTIVE("定期检查"), CHECK_REBOUND("定期检查"),
	EVIDENCE("佐证材料"), REVIEW("每半月梳理"),
	ESCALATION_OPENED("升级督办"), ESCALATION_HANDLED("督办办理"), ESCALATION_RESOLVED("督办解除"), TALK("谈话提醒"),
	RULE("制度成果"), REPORT_SIGNED("整改情况报告"), REPORT_ALERT("报告督促"), RECHECK_REQUESTED("回头看"), RECHECK_EFFECTIVE("回头看"), RECHECK_REBOUND("回头看"),
	COMMENT("评论"), COMMENT_CHANGED("评论变更"), VARIABLE_CHANGED("数据变更");

	private final String label;

	AuditKind(String label) {
		this.label = label;
	}

	String label() {
		return label;
	}

	/** The label of a kind by its name; {@code fallback} for a name this enum does not have. */
	static String label(String name, String fallback) {
		for (AuditKind kind : values()) {
			if (kind.name().equals(name)) {
				return kind.label;
			}
		}
		return fallback;
	}
}
