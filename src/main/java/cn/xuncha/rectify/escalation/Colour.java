package cn.xuncha.rectify.escalation;

/** 红黄绿灯: how Chinese supervision systems show a measure's state at a glance. */
public enum Colour {
	GREEN("绿灯"), YELLOW("黄灯"), RED("红灯");

	private final String label;

	Colour(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}
}
