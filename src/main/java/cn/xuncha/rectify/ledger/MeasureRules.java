package cn.xuncha.rectify.ledger;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one definition of a measure's rules; the review, the dashboard, the notices, the Excel export and the ledger
 * API all ask here, so they cannot count the same round differently.
 */
public final class MeasureRules {

	/** The open statuses as an SQL list, for queries that must agree with {@link #isOpen}. */
	static final String OPEN_STATUSES_SQL = Stream.of(MeasureStatus.values()).filter(MeasureRules::isOpen)
			.map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

	private MeasureRules() {
	}

	/** Still to be rectified: not 销号 and not 长期坚持. */
	public static boolean isOpen(MeasureStatus status) {
		return status != MeasureStatus.CLOSED && status != MeasureStatus.LONG_TERM;
	}

	/** In execution: the plan is approved and no closure is pending; these measures owe progress reports. */
	public static boolean isExecuting(MeasureStatus status) {
		return status == MeasureStatus.IN_PROGRESS || status == MeasureStatus.REBOUND;
	}

	/**
	 * DOMAIN: 整改时限 — an open measure past its deadline is overdue, whatever step it waits in; a plan still
	 * waiting for approval does not stop the deadline's clock, so PLANNED counts as the review always counted it.
	 */
	public static boolean isOverdue(MeasureStatus status, LocalDate deadline, LocalDate on) {
		return isOpen(status) && deadline != null && deadline.isBefore(on);
	}

	/** Calendar days past the deadline on the given day; 0 when not past it or without one. */
	public static int daysOverdue(LocalDate deadline, LocalDate on) {
		return deadline == null ? 0 : (int) Math.max(0, ChronoUnit.DAYS.between(deadline, on));
	}

	/** Days from the given day to the deadline, negative once past it; null without a deadline. */
	public static Integer daysToDeadline(LocalDate deadline, LocalDate on) {
		return deadline == null ? null : (int) ChronoUnit.DAYS.between(on, deadline);
	}

	/**
	 * Measures counted as notices and the dashboard count them: 已完成 (销号), 基本完成并长期坚持, 未完成 (continuing)
	 * and of those overdue.
	 */
	public record Tally(int measures, int closed, int longTerm, int overdue) {

		public static Tally of(Collection<Measure> measures, LocalDate on) {
			return of(measures, Measure::status, m -> m.isOverdue(on));
		}

		public static <T> Tally of(Collection<T> items, Function<T, MeasureStatus> status, Predicate<T> overdue) {
			int closed = (int) items.stream().filter(i -> status.apply(i) == MeasureStatus.CLOSED).count();
			int longTerm = (int) items.stream().filter(i -> status.apply(i) == MeasureStatus.LONG_TERM).count();
			return new Tally(items.size(), closed, longTerm, (int) items.stream().filter(overdue).count());
		}

		/** Neither closed nor long-term: still being rectified. */
		public int continuing() {
			return measures - closed - longTerm;
		}

		/** A completion rate as the notices print it: 97.33%. */
		public String completionRate() {
			return LedgerView.rate(closed + longTerm, measures);
		}
	}
}
