package cn.xuncha.rectify.round;

/** A round with this key already exists: answered as 409. */
public class DuplicateRoundException extends RuntimeException {

	public DuplicateRoundException(String key) {
		super("整改轮次编号已存在 (round key already exists): " + key);
	}
}
