package cn.xuncha.rectify.escalation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/** Escalations and talk records in the project's own tables. */
@Repository
public class Escalations {

	public enum Status {
		OPEN, RESOLVED
	}

	public record Escalation(long id, long measureId, String measureKey, Level level, Status status, Long reviewId,
			String reason, Instant openedAt, Instant dueAt, String notified, String tasked, String processInstanceId,
			Instant handledAt, Instant resolvedAt, String resolution) {
	}

	public record Talk(long id, long measureId, Long escalationId, String leader, LocalDate heldOn, String place,
			String participants, String content, String commitment, Instant recordedAt) {
	}

	private static final String SELECT = """
			select e.*, m.measure_key from rect_escalation e join rect_measure m on m.id = e.measure_id
			""";

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher publisher;

	Escalations(JdbcClient jdbc, ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.publisher = publisher;
	}

	public List<Escalation> openOf(long measureId) {
		return jdbc.sql(SELECT + " where e.measure_id = ? and e.status = 'OPEN' order by e.id").param(measureId)
				.query(Escalations::escalation).list();
	}

	/** Every open escalation, by measure id, in one query: what a review starts from. */
	public Map<Long, List<Escalation>> openByMeasure() {
		Map<Long, List<Escalation>> open = new HashMap<>();
		jdbc.sql(SELECT + " where e.status = 'OPEN' order by e.id").query(Escalations::escalation).stream()
				.forEach(e -> open.computeIfAbsent(e.measureId(), id -> new java.util.ArrayList<>()).add(e));
		return open;
	}

	public List<Escalation> ofMeasure(long measureId) {
		return jdbc.sql(SELECT + " where e.measure_id = ? order by e.id").param(measureId)
				.query(Escalations::escalation).list();
	}

	public List<Escalation> openedBy(long reviewId) {
		return jdbc.sql(SELECT + " where e.review_id = ? order by e.id").param(reviewId)
				.query(Escalations::escalation).list();
	}

	/** The escalation a supervised matter or talk process was started for. */
	Escalation ofProcess(String processInstanceId) {
		return jdbc.sql(SELECT + " where e.process_instance_id = ?").param(processInstanceId)
				.query(Escalations::escalation).optional().orElseThrow(() -> new java.util.NoSuchElementException(
						"督办事项不存在 (no escalation for process) " + processInstanceId));
	}

	public List<Escalation> open(Level level) {
		return jdbc.sql(SELECT + " where e.level = ? and e.status = 'OPEN' order by e.id").param(level.name())
				.query(Escalations::escalation).list();
	}

	long open(long measureId, Level level, long reviewId, String reason, Instant dueAt) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_escalation (measure_id, level, open_key, status, review_id, reason, opened_at, due_at)
				values (?, ?, ?, 'OPEN', ?, ?, ?, ?)""").params(measureId, level.name(), measureId + ":" + level.name(),
				reviewId, reason, Timestamp.from(Now.instant()), dueAt == null ? null : Timestamp.from(dueAt))
				.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** The action taken for an opened escalation; states the opening, with what was done, for the audit trail. */
	void recordAction(long id, String notified, String tasked, String processInstanceId) {
		jdbc.sql("update rect_escalation set notified = ?, tasked = ?, process_instance_id = ? where id = ?")
				.params(notified, tasked, processInstanceId, id).update();
		Escalation e = byId(id);
		Map<String, Object> p = payload(e);
		p.put("reviewId", e.reviewId());
		p.put("reason", e.reason());
		p.put("dueAt", e.dueAt() == null ? null : e.dueAt().toString());
		p.put("notified", e.notified());
		p.put("tasked", e.tasked());
		p.put("processInstanceId", e.processInstanceId());
		publisher.publishEvent(AuditFact.of(AuditFact.Source.ESCALATION_OPENED, id, e.measureKey(), e.openedAt(),
				null, p));
	}

	void markHandled(long id) {
		Instant at = Now.instant();
		int handled = jdbc.sql("update rect_escalation set handled_at = ? where id = ? and handled_at is null")
				.params(Timestamp.from(at), id).update();
		if (handled > 0) {
			Escalation e = byId(id);
			publisher.publishEvent(AuditFact.of(AuditFact.Source.ESCALATION_HANDLED, id, e.measureKey(), at,
					e.tasked(), payload(e)));
		}
	}

	void resolve(long id, String resolution) {
		Instant at = Now.instant();
		int resolved = jdbc.sql("""
				update rect_escalation set status = 'RESOLVED', open_key = null, resolved_at = ?, resolution = ?
				where id = ? and status = 'OPEN'""").params(Timestamp.from(at), resolution, id).update();
		if (resolved > 0) {
			Escalation e = byId(id);
			Map<String, Object> p = payload(e);
			p.put("resolution", resolution);
			publisher.publishEvent(AuditFact.of(AuditFact.Source.ESCALATION_RESOLVED, id, e.measureKey(),
					e.resolvedAt(), null, p));
		}
	}

	void insertTalk(Escalation escalation, String leader, LocalDate heldOn, String place, String participants,
			String content, String commitment) {
		Instant at = Now.instant();
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_talk (measure_id, escalation_id, leader, held_on, place, participants, content,
				  commitment, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(escalation.measureId(),
				escalation.id(), leader, heldOn, place, participants, content, commitment, Timestamp.from(at))
				.update(keys, "id");
		Map<String, Object> p = new HashMap<>();
		p.put("escalationId", escalation.id());
		p.put("heldOn", heldOn.toString());
		p.put("place", place);
		p.put("participants", participants);
		p.put("content", content);
		p.put("commitment", commitment);
		publisher.publishEvent(AuditFact.of(AuditFact.Source.TALK, keys.getKey().longValue(), escalation.measureKey(),
				at, leader, p));
	}

	Escalation byId(long id) {
		return jdbc.sql(SELECT + " where e.id = ?").param(id).query(Escalations::escalation).optional()
				.orElseThrow(() -> new java.util.NoSuchElementException("督办事项不存在 (no such escalation) " + id));
	}

	private static Map<String, Object> payload(Escalation e) {
		Map<String, Object> p = new HashMap<>();
		p.put("level", e.level().name());
		return p;
	}

	public List<Talk> talksOf(long measureId) {
		return jdbc.sql("select * from rect_talk where measure_id = ? order by id").param(measureId)
				.query((rs, i) -> new Talk(rs.getLong("id"), rs.getLong("measure_id"),
						(Long) rs.getObject("escalation_id", Long.class), rs.getString("leader"),
						rs.getDate("held_on").toLocalDate(), rs.getString("place"), rs.getString("participants"),
						rs.getString("content"), rs.getString("commitment"), rs.getTimestamp("recorded_at").toInstant()))
				.list();
	}

	/** Talk reminders (谈话提醒) recorded for the round's measures. */
	public int talksOfRound(String roundKey) {
		return jdbc.sql("""
				select count(*) from rect_talk t join rect_measure m on m.id = t.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ?""").param(roundKey).query(Integer.class).single();
	}

	/** Escalations ever opened for the round's measures, by level in the ladder's order. */
	public Map<Level, Integer> openedOfRound(String roundKey) {
		Map<Level, Integer> counts = new java.util.EnumMap<>(Level.class);
		jdbc.sql("""
				select e.level, count(*) from rect_escalation e join rect_measure m on m.id = e.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ? group by e.level""").param(roundKey)
				.query(rs -> {
					counts.put(Level.valueOf(rs.getString(1)), rs.getInt(2));
				});
		return counts;
	}

	public int countTalks() {
		return jdbc.sql("select count(*) from rect_talk").query(Integer.class).single();
	}

	private static Escalation escalation(ResultSet rs, int row) throws SQLException {
		return new Escalation(rs.getLong("id"), rs.getLong("measure_id"), rs.getString("measure_key"),
				Level.valueOf(rs.getString("level")), Status.valueOf(rs.getString("status")),
				rs.getObject("review_id", Long.class), rs.getString("reason"), instant(rs, "opened_at"),
				instant(rs, "due_at"), rs.getString("notified"), rs.getString("tasked"),
				rs.getString("process_instance_id"), instant(rs, "handled_at"), instant(rs, "resolved_at"),
				rs.getString("resolution"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
