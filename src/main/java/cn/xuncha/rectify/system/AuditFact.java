package cn.xuncha.rectify.system;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fact a feature states for the audit trail (全程留痕) when it changes something: published as a Spring event
 * inside the writing transaction, so the audit's record commits or rolls back with the change. The audit appends it
 * to its chain; no feature's tables are read back for it. {@code source} and {@code sourceId} name the row the fact
 * is about (recorded once); the payload holds what the trail shows (the audit adds the row id as {@code id}).
 */
public record AuditFact(Source source, long sourceId, String businessKey, String kind, Instant occurredAt,
		String actor, Map<String, Object> payload) {

	/** Where a fact comes from: one kind of row of a feature's tables. */
	public enum Source {
		MEASURE_EVENT, EVIDENCE, REVIEW_ITEM, ESCALATION_OPENED, ESCALATION_HANDLED, ESCALATION_RESOLVED, TALK,
		/** A rule (制度成果) recorded for a measure (rect_rule_made). */
		RULE,
		/** A signed rectification report of a round (rect_round_report): the two-month or the final report. */
		ROUND_REPORT,
		/** A reminder or urge of a round's report not signed in time (rect_round_report_alert). */
		ROUND_REPORT_ALERT
	}

	/** A fact whose kind is its source's name. */
	public static AuditFact of(Source source, long sourceId, String businessKey, Instant occurredAt, String actor,
			Map<String, Object> payload) {
		return new AuditFact(source, sourceId, businessKey, source.name(), occurredAt, actor, payload);
	}

	/** Many facts of one change, appended in one batched insert. */
	public record Batch(List<AuditFact> facts) {
	}
}
