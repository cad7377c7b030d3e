package cn.xuncha.rectify.security;

import cn.xuncha.rectify.system.RefusedException;

/** A logged-in person asked for what their role does not allow: answered as 403. */
class ForbiddenException extends RefusedException {

	ForbiddenException(String message) {
		super(message);
	}

	ForbiddenException(String action, String... roles) {
		super("无权" + action + "，需要角色 (forbidden; requires one of) " + String.join(", ", roles));
	}
}
