package cn.xuncha.rectify.ledger;

/** Where a round stands: feedback to assign, rectifying, reporting, done. */
public enum RoundStatus {
	REGISTERED("待分派"), IN_PROGRESS("整改中"), REPORTING("报告审签中"), CLOSED("整改完成");

	private final String label;

	RoundStatus(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}
}
