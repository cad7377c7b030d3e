package cn.xuncha.rectify.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outside the demo the application refuses to start with a demo password in the directory; the admin account is
 * created on the first start with the password from the environment ({@link ProductionEnvironment} has made sure
 * there is one).
 */
@Component
@Profile("prod")
@Order(20)
class ProductionGuard extends AbstractProcessEnginePlugin {

	static final String DEMO_PASSWORD = "demo";
	private static final int MAX_USERS_CHECKED = 5000;

	private final String adminPassword;

	ProductionGuard(@Value("${rectify.admin-password:}") String adminPassword) {
		this.adminPassword = adminPassword;
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		IdentityService identity = engine.getIdentityService();
		List<String> demoUsers = identity.createUserQuery().listPage(0, MAX_USERS_CHECKED).stream().map(User::getId)
				.filter(id -> identity.checkPassword(id, DEMO_PASSWORD)).toList();
		if (!demoUsers.isEmpty()) {
			throw new IllegalStateException("prod 配置拒绝启动：以下用户仍使用演示密码 (refusing to start: users with the demo password) "
					+ demoUsers + "；请删除演示用户或修改密码 (delete the demo users or change their passwords)");
		}
		if (identity.createGroupQuery().groupId(Roles.ADMIN).count() == 0) {
			var group = identity.newGroup(Roles.ADMIN);
			group.setName("系统管理员");
			group.setType("SYSTEM");
			identity.saveGroup(group);
		}
		if (identity.createUserQuery().userId("admin").count() == 0) {
			var admin = identity.newUser("admin");
			admin.setFirstName("管理员");
			admin.setLastName("系统");
			admin.setPassword(adminPassword);
			identity.saveUser(admin);
			identity.createMembership("admin", Roles.ADMIN);
		}
	}
}
