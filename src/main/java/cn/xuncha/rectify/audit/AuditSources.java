package cn.xuncha.rectify.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Brings into the chain the facts the project keeps in its own tables — progress reports, returns and closures,
 * evidence files with their SHA-256, review verdicts, escalations opened / handled / resolved, talk records — and
 * the comments people leave on tasks. Each fact is recorded once (source, source_id are unique), whenever its row
 * became visible, so a transaction that commits late is never skipped; the seal calls this under its lock.
 */
@Component
class AuditSources {

	static final String MEASURE_EVENT = "MEASURE_EVENT";
	static final String EVIDENCE = "EVIDENCE";
	static final String REVIEW_ITEM = "REVIEW_ITEM";
	static final String ESCALATION_OPENED = "ESCALATION_OPENED";
	static final String ESCALATION_HANDLED = "ESCALATION_HANDLED";
	static final String ESCALATION_RESOLVED = "ESCALATION_RESOLVED";
	static final String TALK = "TALK";
	static final String COMMENT = "COMMENT";

	private static final String NOT_RECORDED =
			" not exists (select 1 from rect_audit_record a where a.source = '%s' and a.source_id = %s)";

	private final JdbcTemplate jdbc;
	private final AuditChain chain;

	AuditSources(JdbcTemplate jdbc, AuditChain chain) {
		this.jdbc = jdbc;
		this.chain = chain;
	}

	/** Appends (unsealed) every fact not yet recorded; answers how many. */
	int pull() {
		List<AuditChain.NewRecord> records = new ArrayList<>();
		records.addAll(measureEvents());
		records.addAll(evidence());
		records.addAll(reviewItems());
		records.addAll(escalationsOpened());
		records.addAll(escalationsHandled());
		records.addAll(escalationsResolved());
		records.addAll(talks());
		records.addAll(comments());
		records.sort(java.util.Comparator.comparing(AuditChain.NewRecord::occurredAt));
		chain.append(records);
		return records.size();
	}

	private List<AuditChain.NewRecord> measureEvents() {
		return jdbc.query("""
				select e.*, m.measure_key from rect_measure_event e join rect_measure m on m.id = e.measure_id
				where""" + notRecorded(MEASURE_EVENT, "e.id") + " order by e.id", (rs, i) -> {
			Map<String, Object> p = row(rs);
			p.put("kind", rs.getString("kind"));
			p.put("note", rs.getString("note"));
			p.put("figureDone", rs.getObject("figure_done"));
			p.put("figureTotal", rs.getObject("figure_total"));
			return record(rs, "occurred_at", "MEASURE_" + rs.getString("kind"), rs.getString("actor"), p,
					MEASURE_EVENT);
		});
	}

	private List<AuditChain.NewRecord> evidence() {
		return jdbc.query("""
				select e.id, e.file_name, e.content_type, e.size_bytes, e.sha256, e.uploaded_by, e.uploaded_at,
				  m.measure_key from rect_evidence e join rect_measure m on m.id = e.measure_id
				where""" + notRecorded(EVIDENCE, "e.id") + " order by e.id", (rs, i) -> {
			Map<String, Object> p = row(rs);
			p.put("fileName", rs.getString("file_name"));
			p.put("contentType", rs.getString("content_type"));
			p.put("size", rs.getLong("size_bytes"));
			p.put("sha256", rs.getString("sha256"));
			return record(rs, "uploaded_at", EVIDENCE, rs.getString("uploaded_by"), p, EVIDENCE);
		});
	}

	private List<AuditChain.NewRecord> reviewItems() {
		return jdbc.query("""
				select i.*, r.reviewed_on, r.trigger_kind, r.started_at, m.measure_key from rect_review_item i
				join rect_review r on r.id = i.review_id join rect_measure m on m.id = i.measure_id
				where""" + notRecorded(REVIEW_ITEM, "i.id") + " order by i.id", (rs, i) -> {
			Map<String, Object> p = row(rs);
			p.put("reviewId", rs.getLong("review_id"));
			p.put("reviewedOn", rs.getDate("reviewed_on").toLocalDate().toString());
			p.put("trigger", rs.getString("trigger_kind"));
			p.put("status", rs.getString("status"));
			p.put("colour", rs.getString("colour"));
			p.put("level", rs.getString("level"));
			p.put("daysToDeadline", rs.getObject("days_to_deadline"));
			p.put("daysOverdue", rs.getInt("days_overdue"));
			p.put("overdueReviews", rs.getInt("overdue_reviews"));
			p.put("reportMissing", rs.getBoolean("report_missing"));
			p.put("explanation", rs.getString("explanation"));
			return record(rs, "started_at", REVIEW_ITEM, null, p, REVIEW_ITEM);
		});
	}

	private static final String ESCALATIONS = """
			select e.*, m.measure_key from rect_escalation e join rect_measure m on m.id = e.measure_id where""";

	private List<AuditChain.NewRecord> escalationsOpened() {
		return jdbc.query(ESCALATIONS + notRecorded(ESCALATION_OPENED, "e.id") + " order by e.id", (rs, i) -> {
			Map<String, Object> p = escalation(rs);
			p.put("reviewId", rs.getObject("review_id"));
			p.put("reason", rs.getString("reason"));
			p.put("dueAt", instant(rs, "due_at"));
			p.put("notified", rs.getString("notified"));
			p.put("tasked", rs.getString("tasked"));
			p.put("processInstanceId", rs.getString("process_instance_id"));
			return record(rs, "opened_at", ESCALATION_OPENED, null, p, ESCALATION_OPENED);
		});
	}

	private List<AuditChain.NewRecord> escalationsHandled() {
		return jdbc.query(ESCALATIONS + " e.handled_at is not null and" + notRecorded(ESCALATION_HANDLED, "e.id")
				+ " order by e.id", (rs, i) -> record(rs, "handled_at", ESCALATION_HANDLED, rs.getString("tasked"),
						escalation(rs), ESCALATION_HANDLED));
	}

	private List<AuditChain.NewRecord> escalationsResolved() {
		return jdbc.query(ESCALATIONS + " e.resolved_at is not null and" + notRecorded(ESCALATION_RESOLVED, "e.id")
				+ " order by e.id", (rs, i) -> {
			Map<String, Object> p = escalation(rs);
			p.put("resolution", rs.getString("resolution"));
			return record(rs, "resolved_at", ESCALATION_RESOLVED, null, p, ESCALATION_RESOLVED);
		});
	}

	private List<AuditChain.NewRecord> talks() {
		return jdbc.query("""
				select t.*, m.measure_key from rect_talk t join rect_measure m on m.id = t.measure_id
				where""" + notRecorded(TALK, "t.id") + " order by t.id", (rs, i) -> {
			Map<String, Object> p = row(rs);
			p.put("escalationId", rs.getObject("escalation_id"));
			p.put("heldOn", rs.getDate("held_on").toLocalDate().toString());
			p.put("place", rs.getString("place"));
			Payloads.putText(p, "participants", rs.getString("participants"));
			Payloads.putText(p, "content", rs.getString("content"));
			Payloads.putText(p, "commitment", rs.getString("commitment"));
			return record(rs, "recorded_at", TALK, rs.getString("leader"), p, TALK);
		});
	}

	/** Comments are no history event: they come from Camunda's comment table (task comments via their task). */
	private List<AuditChain.NewRecord> comments() {
		RowMapper<AuditChain.NewRecord> mapper = (rs, i) -> {
			Map<String, Object> p = Payloads.map();
			p.put("id", rs.getString("id_"));
			p.put("taskId", rs.getString("task_id_"));
			p.put("taskName", rs.getString("task_name"));
			p.put("processInstanceId", rs.getString("pi"));
			byte[] full = rs.getBytes("full_msg_");
			Payloads.putText(p, "message", full != null ? new String(full, StandardCharsets.UTF_8) : rs.getString("message_"));
			return new AuditChain.NewRecord(rs.getTimestamp("time_").toInstant(), rs.getString("business_key_"),
					COMMENT, rs.getString("user_id_"), Payloads.json(p), rs.getString("pi"), COMMENT, rs.getString("id_"));
		};
		return jdbc.query("""
				select c.id_, c.time_, c.user_id_, c.task_id_, c.message_, c.full_msg_, t.name_ as task_name,
				  coalesce(c.proc_inst_id_, t.proc_inst_id_) as pi, p.business_key_
				from act_hi_comment c
				left join act_hi_taskinst t on t.id_ = c.task_id_
				left join act_hi_procinst p on p.id_ = coalesce(c.proc_inst_id_, t.proc_inst_id_)
				where c.type_ = 'comment' and""" + notRecorded(COMMENT, "c.id_") + " order by c.time_", mapper);
	}

	private static String notRecorded(String source, String idColumn) {
		String id = idColumn.endsWith("id_") ? idColumn : "cast(" + idColumn + " as varchar(20))";
		return NOT_RECORDED.formatted(source, id);
	}

	private static Map<String, Object> row(ResultSet rs) throws SQLException {
		Map<String, Object> p = Payloads.map();
		p.put("id", rs.getLong("id"));
		return p;
	}

	private static Map<String, Object> escalation(ResultSet rs) throws SQLException {
		Map<String, Object> p = row(rs);
		p.put("level", rs.getString("level"));
		return p;
	}

	private static String instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant().toString();
	}

	private static AuditChain.NewRecord record(ResultSet rs, String timeColumn, String kind, String actor,
			Map<String, Object> payload, String source) throws SQLException {
		return new AuditChain.NewRecord(rs.getTimestamp(timeColumn).toInstant(), rs.getString("measure_key"), kind,
				actor, Payloads.json(payload), null, source, String.valueOf(rs.getLong("id")));
	}
}
