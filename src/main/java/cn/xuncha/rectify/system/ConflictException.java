package cn.xuncha.rectify.system;

/** A request that clashes with what is already stored: answered as 409. Features extend it. */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}
}
