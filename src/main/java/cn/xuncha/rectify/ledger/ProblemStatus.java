package cn.xuncha.rectify.ledger;

/** Where a problem stands on its way from assignment to 销号. */
public enum ProblemStatus {
	UNASSIGNED("待分派"), PLANNING("方案制定中"), PLAN_REVIEW("方案审核中"), PLAN_SIGN_OFF("方案待第一责任人审定"), IN_PROGRESS("整改中"), CLOSED("已销号");

	private final String label;

	ProblemStatus(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}
}
