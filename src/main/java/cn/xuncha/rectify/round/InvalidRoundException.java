package cn.xuncha.rectify.round;

import cn.xuncha.rectify.system.BadInputException;

/** Bad import input: answered as 400 with this message; nothing is stored. */
class InvalidRoundException extends BadInputException {

	private final Integer line;

	InvalidRoundException(String message) {
		this(null, message);
	}

	InvalidRoundException(Integer line, String message) {
		super(line == null ? message : "第 " + line + " 行 (line " + line + "): " + message);
		this.line = line;
	}

	Integer line() {
		return line;
	}
}
