package cn.xuncha.rectify.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Privileged;

/**
 * DOMAIN: the secretary (第一责任人) approves the plan as a whole — once every problem's plan is approved by its lead
 * leader, the complete 整改方案 (问题清单 · 任务清单 · 责任清单) goes to the secretary in one task; approved, every
 * problem's measures start; returned, the named problems go back to drafting, their leader and the secretary again.
 * A round registered without sign-off (small rounds) starts each problem's measures on its leader's approval.
 */
@Service
class PlanSignOff {

	/** Message to the round process (roundRectification): every plan of the round waits for the secretary. */
	static final String WHOLE_PLAN_READY = "wholePlanReady";
	/** Messages to a problem process waiting in Gateway_SignOff. */
	static final String PLAN_SIGNED_OFF = "planSignedOff";
	static final String PLAN_RETURNED = "planReturnedBySecretary";

	private final Ledger ledger;
	private final Directory directory;
	private final RuntimeService runtime;
	private final Privileged privileged;

	PlanSignOff(Ledger ledger, Directory directory, RuntimeService runtime, Privileged privileged) {
		this.ledger = ledger;
		this.directory = directory;
		this.runtime = runtime;
		this.privileged = privileged;
	}

	/**
	 * The lead leader approved this problem's plan: answers whether it now waits for the secretary. The last plan of
	 * the round to get there hands the whole plan to the secretary; the round's lock makes two leaders approving at
	 * once see each other's approval, so the hand-over happens exactly once.
	 */
	@Transactional
	boolean leaderApproved(String problemKey) {
		Problem problem = ledger.problem(problemKey);
		Round round = ledger.round(problem.roundKey());
		if (!round.planSignOff()) {
			return false;
		}
		ledger.lockRound(round.key());
		ledger.updateProblemStatus(problemKey, ProblemStatus.PLAN_SIGN_OFF);
		boolean allApproved = ledger.problemsOfRound(round.id()).stream()
				.allMatch(p -> p.status() == ProblemStatus.PLAN_SIGN_OFF);
		if (allApproved) {
			// The leader may not start anything; the rule hands the plan over (system/Privileged).
			privileged.run(() -> runtime.createMessageCorrelation(WHOLE_PLAN_READY)
					.processInstanceBusinessKey(round.key()).correlate());
		}
		return true;
	}

	/** One row of the 问题清单, as the signOffPlan form lists it. */
	record ProblemRow(String key, String category, String title, String department, String leadLeader,
			int measures) {
	}

	/** One row of the 任务清单. */
	record TaskRow(String key, String problem, String text, String type, String deadline) {
	}

	/** One row of the 责任清单. */
	record ResponsibilityRow(String key, String department, String responsiblePerson, String leadLeader) {
	}

	/** A choice of the form's checklist of problems to return. */
	record Option(String label, String value) {
	}

	/** The whole plan as the secretary reads it: the three lists, and the problems that may be returned. */
	record WholePlan(List<ProblemRow> problems, List<TaskRow> tasks, List<ResponsibilityRow> responsibilities,
			List<Option> options, String summary) {
	}

	@Transactional(readOnly = true)
	WholePlan wholePlan(String roundKey) {
		Round round = ledger.round(roundKey);
		List<ProblemRow> problems = new ArrayList<>();
		List<TaskRow> tasks = new ArrayList<>();
		List<ResponsibilityRow> responsibilities = new ArrayList<>();
		List<Option> options = new ArrayList<>();
		Map<Long, List<Measure>> measures = new LinkedHashMap<>();
		ledger.measuresOfRound(round.id()).forEach(m -> measures.computeIfAbsent(m.problemId(), k -> new ArrayList<>())
				.add(m));
		Set<String> departments = new LinkedHashSet<>();
		for (Problem p : ledger.problemsOfRound(round.id())) {
			String shortKey = p.key().substring(round.key().length() + 1);
			List<Measure> ofProblem = measures.getOrDefault(p.id(), List.of());
			String leader = directory.personName(p.leadLeader());
			problems.add(new ProblemRow(shortKey, p.categoryTitle(), p.title(), directory.departmentName(p.department()),
					leader, ofProblem.size()));
			options.add(new Option(shortKey + " " + p.title(), p.key()));
			for (Measure m : ofProblem) {
				String measureKey = m.key().substring(round.key().length() + 1);
				tasks.add(new TaskRow(measureKey, shortKey, m.text(), m.type() == MeasureType.LONG_TERM ? "长期坚持" : "限期整改",
						m.deadline() == null ? "未定" : m.deadline().toString()));
				responsibilities.add(new ResponsibilityRow(measureKey, directory.departmentName(m.department()),
						directory.personName(m.responsiblePerson()), leader));
				departments.add(m.department());
			}
		}
		String summary = "整改方案共%d个问题、%d项整改措施，涉及%d个责任科室；各问题方案均已经分管领导审核通过。".formatted(problems.size(),
				tasks.size(), departments.size());
		return new WholePlan(problems, tasks, responsibilities, options, summary);
	}

	/** The secretary approved the whole plan: every problem's measures start. */
	@Transactional
	void approve(String roundKey) {
		Round round = ledger.round(roundKey);
		for (Problem p : ledger.problemsOfRound(round.id())) {
			if (p.status() == ProblemStatus.PLAN_SIGN_OFF) {
				privileged.run(() -> runtime.createMessageCorrelation(PLAN_SIGNED_OFF).processInstanceBusinessKey(p.key())
						.correlate());
			}
		}
	}

	/**
	 * The secretary returned these problems with a comment: each goes back to its department's drafting, the
	 * comment shown there. Refused (400, nothing changes) when no problem is named or one is not of this round.
	 */
	@Transactional
	List<String> returnProblems(String roundKey, List<String> problemKeys, String comment) {
		Round round = ledger.round(roundKey);
		if (problemKeys.isEmpty()) {
			throw new FormInputException("returnedProblems", "退回时请选择要退回的问题 (name the problems to return)");
		}
		Map<String, Problem> waiting = new LinkedHashMap<>();
		ledger.problemsOfRound(round.id()).stream().filter(p -> p.status() == ProblemStatus.PLAN_SIGN_OFF)
				.forEach(p -> waiting.put(p.key(), p));
		List<String> returned = new ArrayList<>();
		for (String key : new LinkedHashSet<>(problemKeys)) {
			if (!waiting.containsKey(key)) {
				throw new FormInputException("returnedProblems",
						"问题 %s 不在本轮待审定的整改方案中 (not a problem of this plan)".formatted(key));
			}
			returned.add(key);
		}
		String shown = "第一责任人退回：" + (comment == null || comment.isBlank() ? "请修改整改方案。" : comment.strip());
		for (String key : returned) {
			ledger.updateProblemStatus(key, ProblemStatus.PLANNING);
			privileged.run(() -> runtime.createMessageCorrelation(PLAN_RETURNED).processInstanceBusinessKey(key)
					.setVariable("planComment", shown).correlate());
		}
		return returned;
	}
}
