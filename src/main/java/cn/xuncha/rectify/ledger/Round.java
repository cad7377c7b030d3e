package cn.xuncha.rectify.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One inspection round's rectification, as stored in the ledger. {@code reportDueDate}: when the rectification
 * report (整改情况报告) is due, two months after the feedback unless registered otherwise; {@code planSignOff}: whether
 * the secretary (第一责任人) approves the plan as a whole before any measure starts.
 */
public record Round(long id, String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
		RoundStatus status, Instant createdAt, LocalDate reportDueDate, boolean planSignOff) {

	/** A round as registered before it had report and sign-off settings (tests, old callers). */
	public Round(long id, String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			RoundStatus status, Instant createdAt) {
		this(id, key, title, unit, inspectionTeam, feedbackDate, status, createdAt, null, true);
	}
}
