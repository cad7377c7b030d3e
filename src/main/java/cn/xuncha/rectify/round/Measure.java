package cn.xuncha.rectify.round;

import java.time.Instant;
import java.time.LocalDate;

/** A rectification measure (整改措施): the unit that is executed, evidenced and closed. */
public record Measure(long id, long problemId, String problemKey, int seq, String key, String text, String department,
		String responsiblePerson, LocalDate deadline, MeasureType type, MeasureStatus status, Integer figureDone,
		Integer figureTotal, String latestProgress, Instant closedAt) {
}
