package cn.xuncha.rectify.security;

import cn.xuncha.rectify.system.RefusedException;

/** A logged-in person asked for what their role does not allow: answered as 403. */
public class ForbiddenException extends RefusedException {

	public ForbiddenException(String message) {
		super(message);
	}

	ForbiddenException(String action, String... roles) {
		super("无权" + action + "，需要角色 (forbidden; requires one of) " + String.join(", ", roles));
	}
}
