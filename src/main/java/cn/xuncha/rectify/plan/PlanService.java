package cn.xuncha.rectify.plan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerInput;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Limits;
import cn.xuncha.rectify.system.Now;

/**
 * A problem's rectification plan (整改方案): the department drafts its measures, the lead leader approves, and the
 * measures go into execution. DOMAIN: every problem answered, measures concrete, responsibility clear, deadlines
 * reasonable.
 */
@Service
class PlanService {

	private final Ledger ledger;
	private final Limits limits;

	PlanService(Ledger ledger, Limits limits) {
		this.ledger = ledger;
		this.limits = limits;
	}

	/** One row of the plan as the draftPlan form edits it. */
	record PlanItem(String text, String department, String responsiblePerson, LocalDate deadline, String type,
			Integer figureDone, Integer figureTotal) {
	}

	record ProblemContext(String problemTitle, String categoryTitle, List<PlanItem> measures) {
	}

	@Transactional
	ProblemContext load(String problemKey) {
		Problem problem = ledger.problem(problemKey);
		ledger.updateProblemStatus(problemKey, ProblemStatus.PLANNING);
		List<PlanItem> items = ledger.measuresOfProblem(problem.id()).stream().map(PlanService::item).toList();
		return new ProblemContext(problem.title(), problem.categoryTitle(), items);
	}

	/** Validates and stores the drafted plan, replacing the previous draft; answers the measure keys. */
	@Transactional
	List<String> save(String problemKey, List<PlanItem> items) {
		Problem problem = ledger.problem(problemKey);
		validate(items);
		// The form has no department field: a measure kept from the imported or previous draft keeps its
		// department (a problem's measures may belong to several), a new one goes to the problem's department.
		var previousDepartments = new java.util.HashMap<String, String>();
		ledger.measuresOfProblem(problem.id()).forEach(m -> previousDepartments.put(m.text().strip(), m.department()));
		ledger.deleteMeasuresOfProblem(problem.id());
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			PlanItem item = items.get(i);
			String key = problemKey + "-M" + (i + 1);
			ledger.insertMeasure(problem.id(), i + 1, key,
					new RoundDraft.MeasureDraft(item.text().strip(),
							item.department() != null ? item.department()
									: java.util.Optional.ofNullable(previousDepartments.get(item.text().strip()))
											.orElse(problem.department()),
							item.responsiblePerson().strip(), item.deadline(), MeasureType.valueOf(item.type()),
							item.figureDone(), item.figureTotal()),
					MeasureStatus.PLANNED);
			keys.add(key);
		}
		ledger.updateProblemStatus(problemKey, ProblemStatus.PLAN_REVIEW);
		return keys;
	}

	@Transactional
	void approve(String problemKey) {
		Problem problem = ledger.problem(problemKey);
		ledger.updateMeasureStatusOfProblem(problem.id(), MeasureStatus.IN_PROGRESS);
		ledger.updateProblemStatus(problemKey, ProblemStatus.IN_PROGRESS);
	}

	void close(String problemKey) {
		ledger.updateProblemStatus(problemKey, ProblemStatus.CLOSED);
	}

	private void validate(List<PlanItem> items) {
		if (items.isEmpty()) {
			throw new FormInputException("measures", "整改方案至少需要一项措施 (the plan needs at least one measure)");
		}
		if (items.size() > limits.maxMeasuresPerRound()) {
			throw new FormInputException("measures", "措施过多：%d 项，最多 %d 项 (too many measures: %d, at most %d)"
					.formatted(items.size(), limits.maxMeasuresPerRound(), items.size(), limits.maxMeasuresPerRound()));
		}
		LocalDate today = Now.today();
		for (int i = 0; i < items.size(); i++) {
			PlanItem item = items.get(i);
			String at = "第 " + (i + 1) + " 项措施 (measure " + (i + 1) + ")";
			if (item == null) {
				throw new FormInputException("measures", at + "：不能为空 (null measure)");
			}
			if (item.text() == null || item.text().isBlank()) {
				throw new FormInputException("measures", at + "：措施内容不能为空 (text is required)");
			}
			text(item.text(), at + " text", LedgerInput.MEASURE_TEXT, true);
			if (item.responsiblePerson() == null || item.responsiblePerson().isBlank()) {
				throw new FormInputException("measures", at + "：经办人不能为空 (responsible person is required)");
			}
			text(item.responsiblePerson(), at + " responsiblePerson", LedgerInput.PERSON_OR_GROUP, false);
			text(item.department(), at + " department", LedgerInput.PERSON_OR_GROUP, false);
			if (item.deadline() == null) {
				throw new FormInputException("measures", at + "：整改时限不能为空 (deadline is required)");
			}
			String badDate = LedgerInput.dateProblem(item.deadline());
			if (badDate != null) {
				throw new FormInputException("measures", at + " deadline：" + badDate);
			}
			if (item.deadline().isBefore(today)) {
				throw new FormInputException("measures",
						at + "：整改时限 " + item.deadline() + " 早于今天 (deadline before today " + today + ")");
			}
			if (item.type() == null || !List.of("FIXED", "LONG_TERM").contains(item.type())) {
				throw new FormInputException("measures",
						at + "：措施类型应为 限期整改 或 长期坚持 (type must be FIXED or LONG_TERM)");
			}
			if (item.figureTotal() != null && item.figureTotal() < 0) {
				throw new FormInputException("measures", at + "：总数不能为负 (figureTotal must not be negative)");
			}
			if (item.figureDone() != null && (item.figureDone() < 0
					|| item.figureTotal() != null && item.figureDone() > item.figureTotal())) {
				throw new FormInputException("measures",
						at + "：已完成数应在 0 与总数之间 (expected 0 <= figureDone <= figureTotal)");
			}
		}
	}

	private static void text(String value, String at, int maxLength, boolean multiline) {
		String problem = LedgerInput.textProblem(value, maxLength, multiline);
		if (problem != null) {
			throw new FormInputException("measures", at + "：" + problem);
		}
	}

	private static PlanItem item(Measure m) {
		return new PlanItem(m.text(), m.department(), m.responsiblePerson(), m.deadline(), m.type().name(),
				m.figureDone(), m.figureTotal());
	}
}
