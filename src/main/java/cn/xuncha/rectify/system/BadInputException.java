package cn.xuncha.rectify.system;

/** Input a feature refuses: answered as 400 with this message; nothing is stored. Features extend it. */
public class BadInputException extends RuntimeException {

	public BadInputException(String message) {
		super(message);
	}
}
