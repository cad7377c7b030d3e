package cn.xuncha.rectify.security;

import java.util.Set;

/** The role groups of the product (DOMAIN: roles in the product); departments are groups of type department. */
public final class Roles {

	public static final String STAFF = "staff";
	public static final String OFFICE = "office";
	public static final String LEADERS = "leaders";
	public static final String SECRETARY = "secretary";
	public static final String INSPECTORS = "inspectors";
	public static final String ADMIN = "camunda-admin";

	/** Roles that see every matter of a round; staff see only their department's. */
	public static final Set<String> SEE_ALL = Set.of(OFFICE, LEADERS, SECRETARY, INSPECTORS, ADMIN);

	private Roles() {
	}
}
