package cn.xuncha.rectify.ledger;

/** Where a measure stands. CLOSED is 已完成 (销号); LONG_TERM is 基本完成、长期坚持. */
public enum MeasureStatus {
	PLANNED("方案待批"), IN_PROGRESS("整改中"), CLOSURE_REQUESTED("申请销号"), CLOSED("已销号"),
	LONG_TERM("长期坚持"), REBOUND("出现反弹");

	private final String label;

	MeasureStatus(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public boolean isOpen() {
		return MeasureRules.isOpen(this);
	}

	public boolean isExecuting() {
		return MeasureRules.isExecuting(this);
	}
}
