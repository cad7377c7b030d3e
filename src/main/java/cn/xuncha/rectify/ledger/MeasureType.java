package cn.xuncha.rectify.ledger;

/** 限期整改 closes on a deadline; 长期坚持 never closes but stays under periodic check. */
public enum MeasureType {
	FIXED("限期整改"), LONG_TERM("长期坚持");

	private final String label;

	MeasureType(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}
}
