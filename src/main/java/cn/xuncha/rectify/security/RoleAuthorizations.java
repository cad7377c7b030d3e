package cn.xuncha.rectify.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

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

		for (String role : new String[] { Roles.STAFF, Roles.OFFICE, Roles.LEADERS, Roles.SECRETARY, Roles.INSPECTORS }) {
			grant(auth, role, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
			grant(auth, role, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
			grant(auth, role, Resources.USER, ANY, Permissions.READ);
			grant(auth, role, Resources.GROUP, ANY, Permissions.READ);
		}
		// DOMAIN: 整改办 registers feedback and starts rounds and reviews, sees every rectification task.
		grant(auth, Roles.OFFICE, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
				ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
				ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_HISTORY);
		grant(auth, Roles.OFFICE, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE, Permissions.READ);
		grant(auth, Roles.OFFICE, Resources.TASK, ANY, Permissions.READ);
		// Approving a long-term measure starts its periodic check; talks and supervised matters are theirs.
		for (String role : new String[] { Roles.LEADERS, Roles.SECRETARY }) {
			grant(auth, role, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
					ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
					ProcessDefinitionPermissions.READ_HISTORY);
			grant(auth, role, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE, Permissions.READ);
		}
		// DOMAIN: 派驻纪检组 read everything, full history included, and change nothing.
		grant(auth, Roles.INSPECTORS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
		grant(auth, Roles.INSPECTORS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
				ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
				ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
				ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE);
		grant(auth, Roles.INSPECTORS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
		grant(auth, Roles.INSPECTORS, Resources.TASK, ANY, Permissions.READ);
		grant(auth, Roles.INSPECTORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
		grant(auth, Roles.INSPECTORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
		grant(auth, Roles.INSPECTORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
		grant(auth, Roles.INSPECTORS, Resources.OPERATION_LOG_CATEGORY, ANY,
				org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions.READ);
		// System administrators: Cockpit and Admin, everything.
		for (Resources resource : Resources.values()) {
			grant(auth, Roles.ADMIN, resource, ANY, Permissions.ALL);
		}
	}

	private static void grant(AuthorizationService auth, String group, Resource resource, String resourceId,
			Permission... permissions) {
		var existing = auth.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(group)
				.resourceType(resource).resourceId(resourceId).singleResult();
		var authorization = existing != null ? existing : auth.createNewAuthorization(AUTH_TYPE_GRANT);
		if (existing == null) {
			authorization.setGroupId(group);
			authorization.setResource(resource);
			authorization.setResourceId(resourceId);
		}
		boolean changed = existing == null;
		for (Permission permission : permissions) {
			if (!authorization.isPermissionGranted(permission)) {
				authorization.addPermission(permission);
				changed = true;
			}
		}
		if (changed) {
			auth.saveAuthorization(authorization);
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
