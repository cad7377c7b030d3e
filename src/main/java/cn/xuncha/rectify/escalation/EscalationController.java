package cn.xuncha.rectify.escalation;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/** Open escalations by level: the supervised matters, talks and referrals (移交纪检) inspectors follow. */
@RestController
class EscalationController {

	private final Escalations escalations;

	EscalationController(Escalations escalations) {
		this.escalations = escalations;
	}

	@GetMapping("/api/escalations")
	List<Escalations.Escalation> open(@RequestParam(defaultValue = "REFER") Level level, Viewer viewer) {
		viewer.require("查看督办升级事项 (read escalations)", Roles.SEE_ALL.toArray(String[]::new));
		return escalations.open(level);
	}
}
