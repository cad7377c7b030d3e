package cn.xuncha.rectify.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.audit.AuditTrail.Fact;
import cn.xuncha.rectify.audit.AuditTrail.Matter;
import cn.xuncha.rectify.audit.AuditTrail.MatterType;
import cn.xuncha.rectify.audit.AuditTrail.Scope;
import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/**
 * Who may read which trail: the matter behind a key (round, problem or measure), what a viewer may see of it, and
 * the business keys whose records belong to it. Inspectors and the office see every round; a department sees its
 * own problems and measures.
 */
@Component
class AuditScope {

	private final Ledger ledger;
	private final Directory directory;

	AuditScope(Ledger ledger, Directory directory) {
		this.ledger = ledger;
		this.directory = directory;
	}

	/** The matter behind a key and what this viewer may see of it: 404 for no matter, 403 for not theirs. */
	Scope of(String key, Viewer viewer) {
		Optional<Round> round = ledger.findRound(key);
		if (round.isPresent()) {
			viewer.require("查看整改轮次的审计记录 (read a round's audit trail)", Roles.SEE_ALL.toArray(String[]::new));
			return roundScope(round.get());
		}
		Optional<Problem> problem = find(() -> ledger.problem(key));
		if (problem.isPresent()) {
			viewer.requireSees("整改问题 (problem)", problem.get().department());
			return problemScope(problem.get(), viewer);
		}
		Measure measure = find(() -> ledger.measure(key)).orElseThrow(() -> new NoSuchElementException(
				"没有编号为 " + key + " 的整改轮次、问题或措施 (no round, problem or measure with this key)"));
		viewer.requireSees("整改措施 (measure)", measure.department());
		return measureScope(measure);
	}

	private Scope roundScope(Round round) {
		List<Problem> problems = ledger.problemsOfRound(round.id());
		List<Measure> measures = ledger.measuresOfRound(round.id());
		Set<String> keys = new LinkedHashSet<>();
		keys.add(round.key());
		problems.forEach(p -> keys.add(p.key()));
		measures.forEach(m -> keys.add(m.key()));
		List<Fact> facts = new ArrayList<>();
		fact(facts, "轮次编号", round.key());
		fact(facts, "标题", round.title());
		fact(facts, "被巡察单位", round.unit());
		fact(facts, "巡察组", round.inspectionTeam());
		fact(facts, "反馈日期", round.feedbackDate());
		fact(facts, "状态", round.status().label());
		fact(facts, "问题数", problems.size());
		fact(facts, "措施数", measures.size());
		return new Scope(new Matter(MatterType.ROUND.name(), MatterType.ROUND.label, round.key(), round.title(), facts),
				keys, measures);
	}

	private Scope problemScope(Problem problem, Viewer viewer) {
		List<Measure> measures = ledger.measuresOfProblem(problem.id()).stream()
				.filter(m -> viewer.sees(m.department())).toList();
		Set<String> keys = new LinkedHashSet<>();
		keys.add(problem.key());
		measures.forEach(m -> keys.add(m.key()));
		List<Fact> facts = new ArrayList<>();
		fact(facts, "问题编号", problem.key());
		fact(facts, "所属轮次", problem.roundKey());
		fact(facts, "问题类别", problem.categoryTitle());
		fact(facts, "问题", problem.title());
		fact(facts, "责任科室", directory.departmentName(problem.department()));
		fact(facts, "牵头领导", directory.personName(problem.leadLeader()));
		fact(facts, "状态", problem.status().label());
		for (Measure m : measures) {
			fact(facts, "措施 " + m.key(), m.text() + "（" + m.status().label() + "）");
		}
		return new Scope(new Matter(MatterType.PROBLEM.name(), MatterType.PROBLEM.label, problem.key(),
				problem.title(), facts), keys, measures);
	}

	private Scope measureScope(Measure m) {
		Problem problem = ledger.problem(m.problemKey());
		List<Fact> facts = new ArrayList<>();
		fact(facts, "措施编号", m.key());
		fact(facts, "所属问题", problem.key() + " " + problem.title());
		fact(facts, "整改措施", m.text());
		fact(facts, "责任科室", directory.departmentName(m.department()));
		fact(facts, "经办人", directory.personName(m.responsiblePerson()));
		fact(facts, "牵头领导", directory.personName(problem.leadLeader()));
		fact(facts, "整改时限", m.deadline());
		fact(facts, "措施类型", m.type().label());
		fact(facts, "状态", m.status().label());
		if (m.figureTotal() != null) {
			fact(facts, "完成数量", (m.figureDone() == null ? 0 : m.figureDone()) + " / " + m.figureTotal());
		}
		fact(facts, "最新进展", m.latestProgress());
		fact(facts, "销号时间", m.closedAt() == null ? null : AuditTrail.format(m.closedAt()));
		return new Scope(new Matter(MatterType.MEASURE.name(), MatterType.MEASURE.label, m.key(), m.text(), facts),
				Set.of(m.key()), List.of(m));
	}

	private static void fact(List<Fact> facts, String label, Object value) {
		if (value != null && !value.toString().isBlank()) {
			facts.add(new Fact(label, value.toString()));
		}
	}

	private static <T> Optional<T> find(java.util.function.Supplier<T> lookup) {
		try {
			return Optional.of(lookup.get());
		}
		catch (NoSuchElementException e) {
			return Optional.empty();
		}
	}
}
