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
	private final MeterRegistry metrics;

	ReviewService(Ledger ledger, ReviewRepository reviews, EscalationRules rules, EscalationLadder ladder,
			Escalations escalations, WorkingDayCalendar calendar,
			@Value("${rectify.review.report-due-working-days:3}") int reportWorkingDays, MeterRegistry metrics) {
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
			String summary) {
	}

	/** Evaluates every open measure; unless a dry run, applies and records it all. */
	@Transactional
	Result run(String trigger, boolean dryRun) {
		return Timer.builder("rectify.review.duration").description("One half-monthly review, evaluated and applied")
				.tag("dry_run", Boolean.toString(dryRun)).register(metrics).record(() -> evaluateAndApply(trigger, dryRun));
	}

	private Result evaluateAndApply(String trigger, boolean dryRun) {
		if (!dryRun) {
			reviews.lock();
		}
		LocalDate today = Now.today();
		Long reviewId = dryRun ? null : reviews.insertReview(trigger, today);
		List<Measure> open = ledger.openMeasures();
		Map<String, String> leaders = new HashMap<>();
		Map<Colour, Integer> colours = new EnumMap<>(Colour.class);
		List<Action> actions = new ArrayList<>();
		var reportDepartments = new LinkedHashSet<String>();
		List<String> overdue = new ArrayList<>();
		for (Measure measure : open) {
			String leader = leaders.computeIfAbsent(measure.problemKey(), k -> ledger.problem(k).leadLeader());
			var item = evaluate(measure, today);
			colours.merge(Colour.valueOf(item.colour()), 1, Integer::sum);
			if (measure.isOverdue(today)) {
				overdue.add(measure.key());
			}
			Level level = Level.valueOf(item.level());
			var action = dryRun ? ladder.planned(measure, leader, level, item.explanation())
					: ladder.escalate(measure, leader, level, item.explanation(), reviewId);
			action.ifPresent(actions::add);
			if (!dryRun) {
				reviews.insertItem(reviewId, measure.id(), item);
				ledger.updateMeasureColour(measure.id(), item.colour(), item.level());
			}
			if (measure.isExecuting() && measure.department() != null && !reviews.hasOpenRequest(measure.department())) {
				reportDepartments.add(measure.department());
			}
		}
		Instant reportDue = Now.endOfDay(calendar.addWorkingDays(today, reportWorkingDays)).toInstant();
		if (!dryRun) {
			reportDepartments.forEach(d -> reviews.insertRequest(reviewId, d, reportDue));
			reviews.finishReview(reviewId, open.size(), actions.size());
		}
		return new Result(reviewId, dryRun, today, open.size(), colours, List.copyOf(overdue), actions,
				List.copyOf(reportDepartments), reportDue,
				summary(today, open.size(), colours, actions, reportDepartments.size(), reportDue));
	}

	private ReviewRepository.Item evaluate(Measure measure, LocalDate today) {
		Integer daysToDeadline = MeasureRules.daysToDeadline(measure.deadline(), today);
		int daysOverdue = measure.daysOverdue(today);
		int overdueReviews = daysOverdue > 0 ? reviews.overdueStreak(measure.id(), measure.deadline(), today) + 1 : 0;
		boolean reportMissing = measure.isExecuting() && measure.department() != null && reviews.reportMissing(measure.department(), today);
		var open = escalations.openOf(measure.id());
		boolean supervisionExpired = open.stream().anyMatch(e -> e.level() == Level.SUPERVISE && e.dueAt() != null
				&& e.dueAt().isBefore(Now.instant()));
		boolean talkHeld = open.stream().anyMatch(e -> e.level() == Level.TALK && e.handledAt() != null);
		var decision = rules.decide(new EscalationRules.Inputs(measure.status() == MeasureStatus.CLOSURE_REQUESTED,
				talkHeld, supervisionExpired, daysOverdue, overdueReviews, reportMissing, daysToDeadline));
		return new ReviewRepository.Item(measure.key(), measure.status().name(), decision.colour().name(),
				decision.level().name(), daysToDeadline, daysOverdue, overdueReviews, reportMissing,
				decision.explanation());
	}

	/** The stored record of a review, with the actions it took. */
	Result result(long reviewId) {
		var review = reviews.review(reviewId)
				.orElseThrow(() -> new NoSuchElementException("梳理记录不存在 (no such review): " + reviewId));
		var items = reviews.items(reviewId);
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
				List.of(),
				null, null);
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
