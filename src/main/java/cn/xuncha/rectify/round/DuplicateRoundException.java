package cn.xuncha.rectify.round;

import cn.xuncha.rectify.system.ConflictException;

/** A round with this key already exists: answered as 409. */
class DuplicateRoundException extends ConflictException {

	DuplicateRoundException(String key) {
		super("整改轮次编号已存在 (round key already exists): " + key);
	}
}
