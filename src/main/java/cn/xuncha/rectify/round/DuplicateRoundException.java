package cn.xuncha.rectify.round;

import cn.xuncha.rectify.system.ConflictException;

/** A round with this key already exists: answered as 409. */
public class DuplicateRoundException extends ConflictException {

	public DuplicateRoundException(String key) {
		super("整改轮次编号已存在 (round key already exists): " + key);
	}
}
