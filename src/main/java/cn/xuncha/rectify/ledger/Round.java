package cn.xuncha.rectify.ledger;

import java.time.Instant;
import java.time.LocalDate;

/** One inspection round's rectification, as stored in the ledger. */
public record Round(long id, String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
		RoundStatus status, Instant createdAt) {
}
