package cn.xuncha.rectify.demo;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.identity.Directory;

/** The demo's people, departments and roles, all with password "demo" (never in the prod profile). */
@Component
class DemoUsers {

	static final String PASSWORD = "demo";

	record Person(String id, String lastName, String firstName, String title, List<String> groups) {
	}

	record Group(String id, String name, String type) {
	}

	static final List<Group> GROUPS = List.of(
			new Group("dept-law", "执法科", Directory.DEPARTMENT), new Group("dept-finance", "计财科", Directory.DEPARTMENT),
			new Group("dept-eng", "工程建设科", Directory.DEPARTMENT), new Group("dept-hr", "人事科", Directory.DEPARTMENT),
			new Group("dept-river", "河涌所", Directory.DEPARTMENT), new Group("dept-maint", "养护所", Directory.DEPARTMENT),
			new Group("office", "整改办", Directory.ROLE), new Group("leaders", "分管领导", Directory.ROLE),
			new Group("secretary", "第一责任人", Directory.ROLE), new Group("inspectors", "派驻纪检组", Directory.ROLE),
			new Group("staff", "承办人员", Directory.ROLE), new Group("camunda-admin", "系统管理员", "SYSTEM"));

	static final List<Person> PEOPLE = List.of(
			new Person("secretary", "陈", "志远", "党组书记、局长", List.of("secretary", "leaders")),
			new Person("leader1", "李", "建华", "分管领导（副局长）", List.of("leaders")),
			new Person("leader2", "张", "明", "分管领导（副局长）", List.of("leaders")),
			new Person("office", "刘", "芳", "整改办", List.of("office")),
			new Person("staff-law", "黄", "立", "执法科", List.of("staff", "dept-law")),
			new Person("staff-finance", "周", "敏", "计财科", List.of("staff", "dept-finance")),
			new Person("staff-eng", "吴", "强", "工程建设科", List.of("staff", "dept-eng")),
			new Person("staff-hr", "郑", "丽", "人事科", List.of("staff", "dept-hr")),
			new Person("staff-river", "何", "涛", "河涌所", List.of("staff", "dept-river")),
			new Person("staff-maint", "林", "峰", "养护所", List.of("staff", "dept-maint")),
			new Person("inspector", "马", "正", "区纪委监委派驻纪检组", List.of("inspectors")),
			new Person("admin", "系统", "管理员", "系统管理员", List.of("camunda-admin")));

	private final IdentityService identity;

	DemoUsers(IdentityService identity) {
		this.identity = identity;
	}

	void create() {
		for (Group g : GROUPS) {
			if (identity.createGroupQuery().groupId(g.id()).count() == 0) {
				var group = identity.newGroup(g.id());
				group.setName(g.name());
				group.setType(g.type());
				identity.saveGroup(group);
			}
		}
		for (Person p : PEOPLE) {
			if (identity.createUserQuery().userId(p.id()).count() > 0) {
				continue;
			}
			var user = identity.newUser(p.id());
			// Chinese names read family name first; Tasklist shows "first last", so the whole name goes first.
			user.setFirstName(p.lastName() + p.firstName());
			user.setLastName("");
			user.setEmail(p.id() + "@demo.local");
			user.setPassword(PASSWORD);
			identity.saveUser(user);
			p.groups().forEach(g -> identity.createMembership(p.id(), g));
		}
	}
}
