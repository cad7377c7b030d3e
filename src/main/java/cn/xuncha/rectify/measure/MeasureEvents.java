package cn.xuncha.rectify.measure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/** The trace of a measure in the project's own tables: progress reports, returns, closures, checks, evidence. */
@Repository
public class MeasureEvents {

	public enum Kind {
		PROGRESS("进展报告"), CLOSURE_REQUESTED("申请销号"), RETURNED("退回整改"), CLOSED("销号"), LONG_TERM("转入长期坚持"),
		CHECK_EFFECTIVE("定期检查：成效巩固"), CHECK_REBOUND("定期检查：出现反弹"), RECHECK_REQUESTED("整改办抽查：发起回头看"),
		RECHECK_EFFECTIVE("回头看：成效巩固"), RECHECK_REBOUND("回头看：出现反弹");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	public record Event(long id, Kind kind, String actor, Instant occurredAt, String note, Integer figureDone,
			Integer figureTotal) {
	}

	public record Evidence(long id, String fileName, String contentType, long sizeBytes, String sha256,
			String uploadedBy, Instant uploadedAt) {
	}

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher publisher;

	MeasureEvents(JdbcClient jdbc, ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.publisher = publisher;
	}

	/** Stores the event and states it for the audit trail (kind {@code MEASURE_<kind>}), in the caller's transaction. */
	void record(Measure measure, Kind kind, String actor, String note, Integer figureDone, Integer figureTotal) {
		Instant at = Now.instant();
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_measure_event (measure_id, kind, actor, occurred_at, note, figure_done, figure_total)
				values (?, ?, ?, ?, ?, ?, ?)""").params(measure.id(), kind.name(), actor, Timestamp.from(at),
				note, figureDone, figureTotal).update(keys, "id");
		Map<String, Object> payload = new HashMap<>();
		payload.put("kind", kind.name());
		payload.put("note", note);
		payload.put("figureDone", figureDone);
		payload.put("figureTotal", figureTotal);
		publisher.publishEvent(new AuditFact(AuditFact.Source.MEASURE_EVENT, keys.getKey().longValue(), measure.key(),
				"MEASURE_" + kind.name(), at, actor, payload));
	}

	/** When each long-term measure of the round went into 长期坚持 (its latest LONG_TERM event), by measure id. */
	public Map<Long, Instant> longTermSince(String roundKey) {
		Map<Long, Instant> since = new HashMap<>();
		jdbc.sql("""
				select e.measure_id, max(e.occurred_at) from rect_measure_event e
				join rect_measure m on m.id = e.measure_id join rect_problem p on p.id = m.problem_id
				join rect_round r on r.id = p.round_id
				where r.round_key = ? and e.kind = 'LONG_TERM' group by e.measure_id""").param(roundKey)
				.query(rs -> {
					since.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
				});
		return since;
	}

	public List<Event> events(long measureId) {
		return jdbc.sql("select * from rect_measure_event where measure_id = ? order by occurred_at, id")
				.param(measureId)
				.query((rs, i) -> new Event(rs.getLong("id"), Kind.valueOf(rs.getString("kind")), rs.getString("actor"),
						rs.getTimestamp("occurred_at").toInstant(), rs.getString("note"),
						(Integer) rs.getObject("figure_done"), (Integer) rs.getObject("figure_total")))
				.list();
	}

	/** How many closed measures of a round had a 回头看, and how many of those rebounded (counted once each). */
	public record Rechecks(int rechecked, int rebounded) {
	}

	public Rechecks rechecks(String roundKey) {
		return jdbc.sql("""
				select count(distinct e.measure_id) as rechecked,
				  count(distinct case when e.kind = 'RECHECK_REBOUND' then e.measure_id end) as rebounded
				from rect_measure_event e join rect_measure m on m.id = e.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ? and e.kind in ('RECHECK_EFFECTIVE', 'RECHECK_REBOUND')""").param(roundKey)
				.query((rs, i) -> new Rechecks(rs.getInt("rechecked"), rs.getInt("rebounded"))).single();
	}

	/** Stores the file and states it (name, type, size, SHA-256) for the audit trail; answers its id. */
	long storeEvidence(Measure measure, String fileName, String contentType, byte[] content, String sha256,
			String actor) {
		Instant at = Now.instant();
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_evidence (measure_id, file_name, content_type, size_bytes, sha256, content, uploaded_by,
				  uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?)""").params(measure.id(), fileName, contentType,
				content.length, sha256, content, actor, Timestamp.from(at)).update(keys, "id");
		long id = keys.getKey().longValue();
		Map<String, Object> payload = new HashMap<>();
		payload.put("fileName", fileName);
		payload.put("contentType", contentType);
		payload.put("size", (long) content.length);
		payload.put("sha256", sha256);
		publisher.publishEvent(AuditFact.of(AuditFact.Source.EVIDENCE, id, measure.key(), at, actor, payload));
		return id;
	}

	public List<Evidence> evidence(long measureId) {
		return jdbc.sql("""
				select id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at from rect_evidence
				where measure_id = ? order by id""").param(measureId).query((rs, i) -> new Evidence(rs.getLong("id"),
				rs.getString("file_name"), rs.getString("content_type"), rs.getLong("size_bytes"),
				rs.getString("sha256"), rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant()))
				.list();
	}

	public record EvidenceFile(long measureId, String department, String fileName, String contentType,
			byte[] content) {
	}

	public Optional<EvidenceFile> evidenceFile(long evidenceId) {
		return jdbc.sql("""
				select e.measure_id, m.department, e.file_name, e.content_type, e.content from rect_evidence e
				join rect_measure m on m.id = e.measure_id where e.id = ?""").param(evidenceId)
				.query((rs, i) -> new EvidenceFile(rs.getLong("measure_id"), rs.getString("department"),
						rs.getString("file_name"), rs.getString("content_type"), rs.getBytes("content")))
				.optional();
	}
}
