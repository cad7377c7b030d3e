package cn.xuncha.rectify.system;

/** A request its sender may not make: answered as 403 with this message. Security's refusals extend it. */
public class RefusedException extends RuntimeException {

	public RefusedException(String message) {
		super(message);
	}
}
