package cn.xuncha.rectify.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Pins the one definition of a measure's rules that the review, dashboard, notices and exports share. */
class MeasureRulesTest {

	static final LocalDate DAY = LocalDate.of(2021, 3, 16);

	@Test
	void openMeansNotClosedAndNotLongTerm() {
		assertThat(Stream.of(MeasureStatus.values()).filter(MeasureRules::isOpen))
				.containsExactlyInAnyOrder(MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS,
						MeasureStatus.CLOSURE_REQUESTED, MeasureStatus.REBOUND);
		assertThat(MeasureRules.OPEN_STATUSES_SQL).isEqualTo("('PLANNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED', 'REBOUND')");
	}

	@Test
	void executingMeansInProgressOrRebound() {
		assertThat(Stream.of(MeasureStatus.values()).filter(MeasureRules::isExecuting))
				.containsExactlyInAnyOrder(MeasureStatus.IN_PROGRESS, MeasureStatus.REBOUND);
	}

	@Test
	void overdueIsAnOpenMeasurePastItsDeadlineIncludingAPlanAwaitingApproval() {
		for (MeasureStatus status : MeasureStatus.values()) {
			assertThat(MeasureRules.isOverdue(status, DAY.minusDays(1), DAY)).as(status.name()).isEqualTo(status.isOpen());
		}
		assertThat(MeasureRules.isOverdue(MeasureStatus.PLANNED, DAY.minusDays(1), DAY)).isTrue();
		assertThat(MeasureRules.isOverdue(MeasureStatus.IN_PROGRESS, DAY, DAY)).as("due today is not yet overdue").isFalse();
		assertThat(MeasureRules.isOverdue(MeasureStatus.IN_PROGRESS, null, DAY)).isFalse();
		assertThat(MeasureRules.isOverdue(MeasureStatus.CLOSED, DAY.minusDays(30), DAY)).isFalse();
	}

	@Test
	void daysOverdueCountsCalendarDaysPastTheDeadline() {
		assertThat(MeasureRules.daysOverdue(DAY.minusDays(16), DAY)).isEqualTo(16);
		assertThat(MeasureRules.daysOverdue(DAY, DAY)).isZero();
		assertThat(MeasureRules.daysOverdue(DAY.plusDays(3), DAY)).isZero();
		assertThat(MeasureRules.daysOverdue(null, DAY)).isZero();
		assertThat(MeasureRules.daysToDeadline(DAY.plusDays(3), DAY)).isEqualTo(3);
		assertThat(MeasureRules.daysToDeadline(DAY.minusDays(2), DAY)).isEqualTo(-2);
		assertThat(MeasureRules.daysToDeadline(null, DAY)).isNull();
	}

	@Test
	void tallySplitsClosedLongTermAndContinuingAndCountsOverdue() {
		var measures = List.of(measure(MeasureStatus.CLOSED, DAY.minusDays(5)),
				measure(MeasureStatus.LONG_TERM, DAY.minusDays(5)), measure(MeasureStatus.PLANNED, DAY.minusDays(1)),
				measure(MeasureStatus.IN_PROGRESS, DAY.plusDays(1)), measure(MeasureStatus.REBOUND, DAY.minusDays(9)),
				measure(MeasureStatus.CLOSURE_REQUESTED, null));
		var tally = MeasureRules.Tally.of(measures, DAY);
		assertThat(tally).isEqualTo(new MeasureRules.Tally(6, 1, 1, 2));
		assertThat(tally.continuing()).isEqualTo(4);
		assertThat(tally.completionRate()).isEqualTo("33.33%");
		assertThat(EnumSet.allOf(MeasureStatus.class).stream().filter(s -> !s.isOpen()))
				.containsExactlyInAnyOrder(MeasureStatus.CLOSED, MeasureStatus.LONG_TERM);
	}

	private static Measure measure(MeasureStatus status, LocalDate deadline) {
		return new Measure(1, 1, "P", 1, "M-" + status, "措施", "dept", "person", deadline, MeasureType.FIXED, status, null,
				null, null, null);
	}
}
