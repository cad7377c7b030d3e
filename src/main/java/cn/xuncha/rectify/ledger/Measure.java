package cn.xuncha.rectify.ledger;

import java.time.Instant;
import java.time.LocalDate;

/** A rectification measure (整改措施): the unit that is executed, evidenced and closed. */
public record Measure(long id, long problemId, String problemKey, int seq, String key, String text, String department,
		String responsiblePerson, LocalDate deadline, MeasureType type, MeasureStatus status, Integer figureDone,
		Integer figureTotal, String latestProgress, Instant closedAt) {

	public boolean isOpen() {
		return MeasureRules.isOpen(status);
	}

	public boolean isExecuting() {
		return MeasureRules.isExecuting(status);
	}

	public boolean isOverdue(LocalDate on) {
		return MeasureRules.isOverdue(status, deadline, on);
	}

	public int daysOverdue(LocalDate on) {
		return MeasureRules.daysOverdue(deadline, on);
	}
}
