package cn.xuncha.rectify.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The logged-in person behind a request to the project's API or pages, with their groups. */
public record Viewer(String userId, Set<String> groups) {

	static final String ATTRIBUTE = Viewer.class.getName();

	public boolean isIn(String... anyOf) {
		return Arrays.stream(anyOf).anyMatch(groups::contains);
	}

	boolean seesAllMatters() {
		return groups.stream().anyMatch(Roles.SEE_ALL::contains);
	}

	public Set<String> departments() {
		return groups.stream().filter(g -> g.startsWith("dept-")).collect(Collectors.toSet());
	}

	/** May this person see a matter of the given department? */
	public boolean sees(String department) {
		return seesAllMatters() || (department != null && groups.contains(department));
	}

	public void require(String action, String... anyOf) {
		if (!isIn(anyOf)) {
			throw new ForbiddenException(action, anyOf);
		}
	}

	public void requireSees(String what, String department) {
		if (!sees(department)) {
			throw new ForbiddenException("无权查看其他科室的" + what + " (not your department's " + what + ")");
		}
	}
}
