package cn.xuncha.rectify.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import cn.xuncha.rectify.calendar.WorkingDayCalendar;
import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.EscalationLadder;
import cn.xuncha.rectify.escalation.EscalationLadder.Action;
import cn.xuncha.rectify.escalation.EscalationRules;
import cn.xuncha.rectify.escalation.Escalations;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureRules;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.system.Now;

/**
 * DOMAIN: 每半月梳理整改落实进展 — every open measure is evaluated against the ladder, the actions are applied once,
 * the departments are asked for their progress, and the whole picture is stored as the review's record.
 */
@Service
class ReviewService {

	private final Ledger ledger;
	private final ReviewRepository reviews;
	private final EscalationRules rules;
	private final EscalationLadder ladder;
	private final Escalations escalations;
	private final WorkingDayCalendar calendar;
	private final int reportWorkingDays;
	/** Actions per chunk job; a review with no more than this applies them in its own transaction. */
	private final int actionChunk;
	private final MeterRegistry metrics;

	ReviewService(Ledger ledger, ReviewRepository reviews, EscalationRules rules, EscalationLadder ladder,
			Escalations escalations, WorkingDayCalendar calendar,
			@Value("${rectify.review.report-due-working-days:3}") int reportWorkingDays,
			@Value("${rectify.review.action-chunk:500}") int actionChunk, MeterRegistry metrics) {
		this.actionChunk = actionChunk;
		this.metrics = metrics;
		this.ledger = ledger;
		this.reviews = reviews;
		this.rules = rules;
		this.ladder = ladder;
		this.escalations = escalations;
		this.calendar = calendar;
		this.reportWorkingDays = reportWorkingDays;
	}

	/** {@code overdue}: the keys of the measures found past their deadline, as the ledger's rule defines it. */
	record Result(Long id, boolean dryRun, LocalDate reviewedOn, int measuresEvaluated, Map<Colour, Integer> colours,
			List<String> overdue, List<Action> actions, List<String> reportDepartments, Instant reportDueAt,
			String summary, Progress progress) {

		Result(Long id, boolean dryRun, LocalDate reviewedOn, int measuresEvaluated, Map<Colour, Integer> colours,
				List<String> overdue, List<Action> actions, List<String> reportDepartments, Instant reportDueAt,
				String summary) {
			this(id, dryRun, reviewedOn, measuresEvaluated, colours, overdue, actions, reportDepartments, reportDueAt,
					summary, null);
		}
	}

	/**
	 * How far the review's actions have got: DONE once every planned action is applied; {@code chunks} is how many
	 * chunk jobs carry them (0 when the review applied them in its own transaction).
	 */
	record Progress(String state, int actionsPlanned, int actionsApplied, int chunks) {
	}

	/** Evaluates every open measure; unless a dry run, applies and records it all. */
	@Transactional
	Result run(String trigger, boolean dryRun) {
		return Timer.builder("rectify.review.duration").description("One half-monthly review, evaluated and applied")
				.tag("dry_run", Boolean.toString(dryRun)).register(metrics).record(() -> evaluateAndApply(trigger, dryRun));
	}

	/**
	 * Set-based: the open measures, their open escalations, their previous verdicts, the lead leaders and the
	 * departments' report requests are each loaded in one query; the DMN table decides each distinct input once;
	 * verdicts and colours are written in batches. Only the actions (a few per cent of the measures) cost a
	 * statement or more each.
	 */
	private Result evaluateAndApply(String trigger, boolean dryRun) {
		if (!dryRun) {
			reviews.lock();
		}
		LocalDate today = Now.today();
		ReviewRepository.Started review = dryRun ? null : reviews.insertReview(trigger, today);
		Long reviewId = review == null ? null : review.id();
		List<Measure> open = ledger.openMeasures();
		Map<String, String> leaders = ledger.leadLeaders();
		Map<Long, List<Escalations.Escalation>> escalationsOpen = escalations.openByMeasure();
		Map<Long, ReviewRepository.Previous> previous = reviews.previousItems(today);
		Set<String> requested = reviews.departmentsWithOpenRequest();
		Set<String> pendingElsewhere = reviews.pendingActionKeys();
		Map<String, Boolean> missing = new HashMap<>();
		Function<EscalationRules.Inputs, EscalationRules.Decision> decide = rules.forOneReview();
		Instant now = Now.instant();

		Map<Colour, Integer> colours = new EnumMap<>(Colour.class);
		List<Action> actions = new ArrayList<>();
		var reportDepartments = new LinkedHashSet<String>();
		List<String> overdue = new ArrayList<>();
		List<Long> ids = new ArrayList<>(open.size());
		List<ReviewRepository.Item> items = new ArrayList<>(open.size());
		List<Object[]> marks = new ArrayList<>(open.size());
		for (Measure measure : open) {
			List<Escalations.Escalation> measureEscalations = escalationsOpen.getOrDefault(measure.id(), List.of());
			boolean reportMissing = measure.isExecuting() && measure.department() != null
					&& missing.computeIfAbsent(measure.department(), d -> reviews.reportMissing(d, today));
			var item = evaluate(measure, today, now, previous.get(measure.id()), reportMissing, measureEscalations,
					decide);
			colours.merge(Colour.valueOf(item.colour()), 1, Integer::sum);
			if (measure.isOverdue(today)) {
				overdue.add(measure.key());
			}
			ids.add(measure.id());
			items.add(item);
			marks.add(new Object[] { measure.id(), item.colour(), item.level() });
			if (measure.isExecuting() && measure.department() != null && !requested.contains(measure.department())) {
				reportDepartments.add(measure.department());
			}
		}
		if (!dryRun) {
			// the verdicts are recorded before the actions they call for
			reviews.insertItems(review, ids, items);
			ledger.updateMeasureColours(marks);
		}
		List<ReviewRepository.PlannedAction> work = new ArrayList<>();
		List<Measure> workMeasures = new ArrayList<>();
		for (int i = 0; i < open.size(); i++) {
			Measure measure = open.get(i);
			var item = items.get(i);
			Level level = Level.valueOf(item.level());
			String leader = leaders.get(measure.problemKey());
			List<Escalations.Escalation> measureEscalations = escalationsOpen.getOrDefault(measure.id(), List.of());
			if (pendingElsewhere.contains(measure.id() + ":" + level.name())) {
				// an earlier review's chunk job is about to open this very level
				continue;
			}
			var action = ladder.planned(measure, leader, level, item.explanation(), measureEscalations);
			action.ifPresent(actions::add);
			if (action.isPresent() || EscalationLadder.stepsDown(measureEscalations, level)) {
				work.add(new ReviewRepository.PlannedAction(0, work.size(), measure.id(), measure.key(), leader,
						level.name(), item.explanation()));
				workMeasures.add(measure);
			}
		}
		int chunks = 0;
		if (!dryRun) {
			if (work.size() <= actionChunk) {
				for (int i = 0; i < work.size(); i++) {
					var w = work.get(i);
					Measure measure = workMeasures.get(i);
					ladder.escalate(measure, w.leadLeader(), Level.valueOf(w.level()), w.reason(), reviewId,
							escalationsOpen.getOrDefault(measure.id(), List.of()));
				}
			}
			else {
				// Each chunk its own job and transaction (Task_ApplyActions); see applyChunk.
				reviews.insertActions(reviewId, work);
				chunks = (work.size() + actionChunk - 1) / actionChunk;
			}
		}
		Instant reportDue = Now.endOfDay(calendar.addWorkingDays(today, reportWorkingDays)).toInstant();
		if (!dryRun) {
			reportDepartments.forEach(d -> reviews.insertRequest(reviewId, d, reportDue));
			reviews.finishReview(reviewId, open.size(), actions.size());
		}
		return new Result(reviewId, dryRun, today, open.size(), colours, List.copyOf(overdue), actions,
				List.copyOf(reportDepartments), reportDue,
				summary(today, open.size(), colours, actions, reportDepartments.size(), reportDue),
				new Progress(chunks == 0 ? "DONE" : "APPLYING", work.size(), chunks == 0 ? work.size() : 0, chunks));
	}

	/**
	 * Applies one chunk of a review's actions, in the job's own transaction: each pending action of ordinals
	 * [chunk × size, (chunk + 1) × size) is escalated (or stepped down) against the measure's escalations as they
	 * are now, and marked applied. Runs again harmlessly: applied actions are skipped, a level already open is not
	 * opened again, and a measure closed since the review is left alone.
	 */
	@Transactional
	public int applyChunk(long reviewId, int chunk) {
		reviews.lock();
		int applied = 0;
		for (var action : reviews.pendingActions(reviewId, chunk * actionChunk, (chunk + 1) * actionChunk)) {
			Measure measure = ledger.measure(action.measureKey());
			if (!measure.isOpen()) {
				reviews.markApplied(action.id(), "SKIPPED");
				continue;
			}
			ladder.escalate(measure, action.leadLeader(), Level.valueOf(action.level()), action.reason(), reviewId);
			reviews.markApplied(action.id(), "APPLIED");
			applied++;
		}
		return applied;
	}

	/** {@link #progress(long)} of a review that exists; 404 for one that does not. */
	Progress progressOf(long reviewId) {
		reviews.review(reviewId)
				.orElseThrow(() -> new NoSuchElementException("梳理记录不存在 (no such review): " + reviewId));
		return progress(reviewId);
	}

	/** The review's progress as stored: its chunked actions, or DONE for one applied in its own transaction. */
	Progress progress(long reviewId) {
		return reviews.progress(reviewId).map(p -> new Progress(p.state(), p.planned(), p.done(),
				(p.planned() + actionChunk - 1) / actionChunk)).orElse(new Progress("DONE", 0, 0, 0));
	}

	private static ReviewRepository.Item evaluate(Measure measure, LocalDate today, Instant now,
			ReviewRepository.Previous previous, boolean reportMissing, List<Escalations.Escalation> open,
			Function<EscalationRules.Inputs, EscalationRules.Decision> decide) {
		Integer daysToDeadline = MeasureRules.daysToDeadline(measure.deadline(), today);
		int daysOverdue = measure.daysOverdue(today);
		int overdueReviews = daysOverdue > 0 ? (previous == null ? 0 : previous.streak(measure.deadline())) + 1 : 0;
		boolean supervisionExpired = open.stream().anyMatch(e -> e.level() == Level.SUPERVISE && e.dueAt() != null
				&& e.dueAt().isBefore(now));
		boolean talkHeld = open.stream().anyMatch(e -> e.level() == Level.TALK && e.handledAt() != null);
		var decision = decide.apply(new EscalationRules.Inputs(measure.status() == MeasureStatus.CLOSURE_REQUESTED,
				talkHeld, supervisionExpired, daysOverdue, overdueReviews, reportMissing, daysToDeadline));
		return new ReviewRepository.Item(measure.key(), measure.status().name(), decision.colour().name(),
				decision.level().name(), daysToDeadline, daysOverdue, overdueReviews, reportMissing,
				decision.explanation());
	}

	/** The stored record of a review, with the actions it took. */
	Result result(long reviewId) {
		return result(reviewId, reviews.items(reviewId));
	}

	/** {@link #result(long)} from its verdicts, already loaded. */
	Result result(long reviewId, List<ReviewRepository.Item> items) {
		var review = reviews.review(reviewId)
				.orElseThrow(() -> new NoSuchElementException("梳理记录不存在 (no such review): " + reviewId));
		Map<Colour, Integer> colours = new EnumMap<>(Colour.class);
		items.forEach(i -> colours.merge(Colour.valueOf(i.colour()), 1, Integer::sum));
		List<Action> actions = escalations.openedBy(reviewId).stream()
				.map(e -> new Action(e.measureKey(), e.level().name(), e.level().label(), e.reason(),
						e.notified() == null || e.notified().isBlank() ? List.of() : List.of(e.notified().split(",")),
						e.tasked()))
				.toList();
		List<String> overdue = items.stream().filter(i -> i.daysOverdue() > 0).map(ReviewRepository.Item::measureKey)
				.toList();
		return new Result(reviewId, false, review.reviewedOn(), review.measuresEvaluated(), colours, overdue, actions,
				List.of(), null, null, progress(reviewId));
	}

	List<ReviewRepository.Review> list() {
		return reviews.reviews();
	}

	List<ReviewRepository.Item> items(long reviewId) {
		return reviews.items(reviewId);
	}

	void confirm(long reviewId, String user, String note) {
		reviews.confirm(reviewId, user, note);
	}

	private static String summary(LocalDate day, int evaluated, Map<Colour, Integer> colours, List<Action> actions,
			int departments, Instant reportDue) {
		Map<String, Long> byLevel = new java.util.TreeMap<>();
		actions.forEach(a -> byLevel.merge(a.levelLabel(), 1L, Long::sum));
		return "%s 梳理：在办措施 %d 项（绿灯 %d、黄灯 %d、红灯 %d）；本次新增%s；请 %d 个科室于 %s 前报送进展。".formatted(day, evaluated,
				colours.getOrDefault(Colour.GREEN, 0), colours.getOrDefault(Colour.YELLOW, 0),
				colours.getOrDefault(Colour.RED, 0), byLevel.isEmpty() ? "无升级事项" : byLevel.toString(), departments,
				LocalDate.ofInstant(reportDue, Now.CHINA));
	}
}
