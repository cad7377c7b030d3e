package cn.xuncha.rectify.escalation;

/** The escalation ladder (DOMAIN): each level is worse than the one before. */
public enum Level {
	NONE("无"), REMIND("提醒"), URGE("催办"), SUPERVISE("督办"), TALK("谈话提醒"), REFER("移交纪检");

	private final String label;

	Level(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public boolean isAbove(Level other) {
		return ordinal() > other.ordinal();
	}
}
