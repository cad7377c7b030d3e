package cn.xuncha.rectify.round;

import cn.xuncha.rectify.system.BadInputException;

/** Bad import input: answered as 400 with this message; nothing is stored. */
public class InvalidRoundException extends BadInputException {

	private final Integer line;

	public InvalidRoundException(String message) {
		this(null, message);
	}

	public InvalidRoundException(Integer line, String message) {
		super(line == null ? message : "第 " + line + " 行 (line " + line + "): " + message);
		this.line = line;
	}

	public Integer line() {
		return line;
	}
}
