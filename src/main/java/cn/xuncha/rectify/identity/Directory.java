package cn.xuncha.rectify.identity;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/**
 * Departments and people, read from the Camunda identity service: a department is a group of type
 * {@value #DEPARTMENT}, a leader or responsible person is a user.
 */
@Component
public class Directory {

	public static final String DEPARTMENT = "department";
	public static final String ROLE = "role";

	private final IdentityService identity;

	Directory(IdentityService identity) {
		this.identity = identity;
	}

	public boolean isDepartment(String groupId) {
		return groupId != null
				&& identity.createGroupQuery().groupId(groupId).groupType(DEPARTMENT).count() == 1;
	}

	public boolean isUser(String userId) {
		return userId != null && identity.createUserQuery().userId(userId).count() == 1;
	}

	public List<Group> departments() {
		return identity.createGroupQuery().groupType(DEPARTMENT).orderByGroupId().asc().list();
	}

	/** A department's Chinese name, or its id when unknown. */
	public String departmentName(String groupId) {
		if (groupId == null) {
			return null;
		}
		Group group = identity.createGroupQuery().groupId(groupId).singleResult();
		return group == null ? groupId : group.getName();
	}

	/** A person's display name (姓 + 名), or the id when unknown. */
	public String personName(String userId) {
		if (userId == null) {
			return null;
		}
		User user = identity.createUserQuery().userId(userId).singleResult();
		return user == null ? userId : (nz(user.getLastName()) + nz(user.getFirstName())).trim();
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}
}
