package cn.xuncha.rectify.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The role matrix (README: 角色权限) as Camunda authorizations, granted at start-up to the role groups. Tasks are
 * reached through the engine's own grants: a task's candidate group and assignee get READ and TASK_WORK (claim and
 * complete, never reassign), so staff work only their department's tasks and leaders only their approvals.
 */
@Component
@Order(10)
class RoleAuthorizations extends AbstractProcessEnginePlugin {

	static final String TASKLIST = "tasklist";
	static final String COCKPIT = "cockpit";

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		AuthorizationService auth = engine.getAuthorizationService();
		globalRead(auth, Resources.FILTER);
		var grants = new Grants();

		for (String role : new String[] { Roles.STAFF, Roles.OFFICE, Roles.LEADERS, Roles.SECRETARY, Roles.INSPECTORS }) {
			grants.add(role, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
			grants.add(role, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
			grants.add(role, Resources.USER, ANY, Permissions.READ);
			grants.add(role, Resources.GROUP, ANY, Permissions.READ);
		}
		// DOMAIN: 整改办 registers feedback and runs reviews — through /api/rounds and /api/reviews, which start the
		// processes with the engine's authority after checking the role. Nobody but admin holds CREATE_INSTANCE:
		// a process started directly could run around the rules (a second round, a review by a leader).
		grants.add(Roles.OFFICE, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
				ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
				ProcessDefinitionPermissions.READ_HISTORY);
		grants.add(Roles.OFFICE, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
		grants.add(Roles.OFFICE, Resources.TASK, ANY, Permissions.READ);
		for (String role : new String[] { Roles.LEADERS, Roles.SECRETARY }) {
			grants.add(role, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
					ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
			grants.add(role, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
		}
		// DOMAIN: 派驻纪检组 read everything, full history included, and change nothing.
		grants.add(Roles.INSPECTORS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
		grants.add(Roles.INSPECTORS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
				ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
				ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
				ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE);
		grants.add(Roles.INSPECTORS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
		grants.add(Roles.INSPECTORS, Resources.TASK, ANY, Permissions.READ);
		grants.add(Roles.INSPECTORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
		grants.add(Roles.INSPECTORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
		grants.add(Roles.INSPECTORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
		grants.add(Roles.INSPECTORS, Resources.OPERATION_LOG_CATEGORY, ANY,
				org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions.READ);
		// System administrators: Cockpit and Admin, everything.
		for (Resources resource : Resources.values()) {
			grants.add(Roles.ADMIN, resource, ANY, Permissions.ALL);
		}
		grants.apply(auth);
	}

	/**
	 * The role groups' resource-wide grants, applied exactly: a permission an earlier version granted and the
	 * matrix no longer lists (CREATE_INSTANCE, say) is revoked on the next start, not left in the database.
	 * Grants on single resources (a task's candidate group) are the engine's and stay untouched.
	 */
	private static final class Grants {
		private record Target(String group, int resourceType, String resourceId) {
		}

		private final Map<Target, Set<Permission>> wanted = new LinkedHashMap<>();
		private final Map<Target, Resource> resources = new LinkedHashMap<>();

		void add(String group, Resource resource, String resourceId, Permission... permissions) {
			var target = new Target(group, resource.resourceType(), resourceId);
			resources.put(target, resource);
			wanted.computeIfAbsent(target, t -> new LinkedHashSet<>()).addAll(List.of(permissions));
		}

		void apply(AuthorizationService auth) {
			var groups = wanted.keySet().stream().map(Target::group).distinct().toArray(String[]::new);
			for (var existing : auth.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(groups)
					.list()) {
				var target = new Target(existing.getGroupId(), existing.getResourceType(), existing.getResourceId());
				if (ANY.equals(existing.getResourceId()) && !wanted.containsKey(target)) {
					auth.deleteAuthorization(existing.getId());
				}
			}
			wanted.forEach((target, permissions) -> {
				var authorization = auth.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
						.groupIdIn(target.group()).resourceType(target.resourceType()).resourceId(target.resourceId())
						.singleResult();
				if (authorization == null) {
					authorization = auth.createNewAuthorization(AUTH_TYPE_GRANT);
					authorization.setGroupId(target.group());
					authorization.setResource(resources.get(target));
					authorization.setResourceId(target.resourceId());
				}
				authorization.setPermissions(permissions.toArray(Permission[]::new));
				auth.saveAuthorization(authorization);
			});
		}
	}

	private static void globalRead(AuthorizationService auth, Resource resource) {
		if (auth.createAuthorizationQuery().authorizationType(AUTH_TYPE_GLOBAL).resourceType(resource).resourceId(ANY)
				.count() == 0) {
			var authorization = auth.createNewAuthorization(AUTH_TYPE_GLOBAL);
			authorization.setUserId(ANY);
			authorization.setResource(resource);
			authorization.setResourceId(ANY);
			authorization.addPermission(Permissions.READ);
			auth.saveAuthorization(authorization);
		}
	}
}
