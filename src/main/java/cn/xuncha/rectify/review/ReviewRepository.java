package cn.xuncha.rectify.review;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/** Reviews, their per-measure records and the progress reports they ask for. */
@Repository
class ReviewRepository {

	record Review(long id, String trigger, LocalDate reviewedOn, Instant startedAt, int measuresEvaluated, int actions,
			String confirmedBy, Instant confirmedAt, String note) {
	}

	record Item(String measureKey, String status, String colour, String level, Integer daysToDeadline,
			int daysOverdue, int overdueReviews, boolean reportMissing, String explanation) {
	}

	enum RequestStatus {
		REQUESTED, REPORTED, MISSING
	}

	/** A review being written: what each of its items states for the audit trail. */
	record Started(long id, String trigger, LocalDate reviewedOn, Instant startedAt) {
	}

	private final JdbcClient jdbc;
	private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
	private final ApplicationEventPublisher publisher;

	ReviewRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
			ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.publisher = publisher;
	}

	/** Serialises reviews across threads and nodes: the second waits, then finds the first one's work done. */
	void lock() {
		jdbc.sql("select id from rect_review_lock where id = 1 for update").query(Integer.class).single();
	}

	Started insertReview(String trigger, LocalDate day) {
		Instant at = Now.instant();
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_review (trigger_kind, reviewed_on, started_at, measures_evaluated, actions)
				values (?, ?, ?, 0, 0)""").params(trigger, day, Timestamp.from(at)).update(keys, "id");
		return new Started(keys.getKey().longValue(), trigger, day, at);
	}

	void finishReview(long id, int evaluated, int actions) {
		jdbc.sql("update rect_review set measures_evaluated = ?, actions = ? where id = ?")
				.params(evaluated, actions, id).update();
	}

	private static Map<String, Object> itemPayload(Started review, Item item) {
		Map<String, Object> p = new HashMap<>();
		p.put("reviewId", review.id());
		p.put("reviewedOn", review.reviewedOn().toString());
		p.put("trigger", review.trigger());
		p.put("status", item.status());
		p.put("colour", item.colour());
		p.put("level", item.level());
		p.put("daysToDeadline", item.daysToDeadline());
		p.put("daysOverdue", item.daysOverdue());
		p.put("overdueReviews", item.overdueReviews());
		p.put("reportMissing", item.reportMissing());
		p.put("explanation", item.explanation());
		return p;
	}

	/**
	 * Stores the verdicts on many measures in one batch and states them, as one batch of facts, for the audit
	 * trail. {@code measureIds} and {@code items} go together.
	 */
	void insertItems(Started review, List<Long> measureIds, List<Item> items) {
		if (items.isEmpty()) {
			return;
		}
		var keys = new GeneratedKeyHolder();
		jdbcTemplate.batchUpdate(con -> con.prepareStatement("""
				insert into rect_review_item (review_id, measure_id, status, colour, level, days_to_deadline,
				  days_overdue, overdue_reviews, report_missing, explanation) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				new String[] { "id" }), new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
					@Override
					public void setValues(java.sql.PreparedStatement ps, int i) throws java.sql.SQLException {
						Item item = items.get(i);
						ps.setLong(1, review.id());
						ps.setLong(2, measureIds.get(i));
						ps.setString(3, item.status());
						ps.setString(4, item.colour());
						ps.setString(5, item.level());
						ps.setObject(6, item.daysToDeadline(), java.sql.Types.INTEGER);
						ps.setInt(7, item.daysOverdue());
						ps.setInt(8, item.overdueReviews());
						ps.setBoolean(9, item.reportMissing());
						ps.setString(10, item.explanation());
					}

					@Override
					public int getBatchSize() {
						return items.size();
					}
				}, keys);
		List<Map<String, Object>> ids = keys.getKeyList();
		List<AuditFact> facts = new java.util.ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			long id = ((Number) ids.get(i).values().iterator().next()).longValue();
			facts.add(AuditFact.of(AuditFact.Source.REVIEW_ITEM, id, items.get(i).measureKey(), review.startedAt(), null,
					itemPayload(review, items.get(i))));
		}
		publisher.publishEvent(new AuditFact.Batch(facts));
	}

	/** What the previous review found about a measure: how overdue, and how many reviews in a row by then. */
	record Previous(LocalDate reviewedOn, int daysOverdue, int overdueReviews) {

		/**
		 * How many reviews in a row before today found the measure overdue, counting only reviews after its current
		 * deadline: a measure reopened after a rebound (回头看) has a new deadline, and the reviews that found it
		 * overdue before its closure say nothing about it.
		 */
		int streak(LocalDate deadline) {
			return daysOverdue > 0 && (deadline == null || reviewedOn.isAfter(deadline)) ? overdueReviews : 0;
		}
	}

	/**
	 * For every measure ever reviewed on a day before {@code day}: its item in the last review that looked at it
	 * (the last one of that day), in one query. Since every item stores its streak, the streak before today is that
	 * item's: how many reviews in a row found it overdue (a review re-run on the same day is not a second one).
	 */
	Map<Long, Previous> previousItems(LocalDate day) {
		Map<Long, Previous> previous = new HashMap<>();
		jdbc.sql("""
				select i.measure_id, rv.reviewed_on, i.days_overdue, i.overdue_reviews from rect_review_item i join (
				  select ii.measure_id, max(ii.review_id) as review_id from rect_review_item ii
				  join rect_review r on r.id = ii.review_id where r.reviewed_on < ? group by ii.measure_id) l
				on l.measure_id = i.measure_id and l.review_id = i.review_id
				join rect_review rv on rv.id = i.review_id""").param(day).query(rs -> {
			previous.put(rs.getLong(1), new Previous(rs.getDate(2).toLocalDate(), rs.getInt(3), rs.getInt(4)));
		});
		return previous;
	}

	/** A measure the review acts on (escalates, or steps down), as written for a chunk job. */
	record PlannedAction(long id, int ordinal, long measureId, String measureKey, String leadLeader, String level,
			String reason) {
	}

	/** Writes the review's actions, numbered from 0 in the order given, for the chunk jobs. */
	void insertActions(long reviewId, List<PlannedAction> actions) {
		jdbcTemplate.batchUpdate("""
				insert into rect_review_action (review_id, ordinal, measure_id, measure_key, lead_leader, level, reason,
				  status) values (?, ?, ?, ?, ?, ?, ?, 'PENDING')""", actions.stream().map(a -> new Object[] { reviewId,
				a.ordinal(), a.measureId(), a.measureKey(), a.leadLeader(), a.level(), a.reason() }).toList());
		jdbc.sql("update rect_review set actions_planned = ? where id = ?").params(actions.size(), reviewId).update();
	}

	/** The chunk's actions not applied yet, in order. */
	List<PlannedAction> pendingActions(long reviewId, int fromOrdinal, int toOrdinal) {
		return jdbc.sql("""
				select * from rect_review_action where review_id = ? and ordinal >= ? and ordinal < ?
				and status = 'PENDING' order by ordinal""").params(reviewId, fromOrdinal, toOrdinal)
				.query((rs, i) -> new PlannedAction(rs.getLong("id"), rs.getInt("ordinal"), rs.getLong("measure_id"),
						rs.getString("measure_key"), rs.getString("lead_leader"), rs.getString("level"),
						rs.getString("reason")))
				.list();
	}

	/** Actions an earlier review planned and its chunk jobs have not applied yet: "measureId:LEVEL" each. */
	java.util.Set<String> pendingActionKeys() {
		return new java.util.HashSet<>(jdbc.sql("""
				select measure_id, level from rect_review_action where status = 'PENDING'""")
				.query((rs, i) -> rs.getLong(1) + ":" + rs.getString(2)).list());
	}

	void markApplied(long actionId, String status) {
		jdbc.sql("update rect_review_action set status = ?, applied_at = ? where id = ? and status = 'PENDING'")
				.params(status, Timestamp.from(Now.instant()), actionId).update();
	}

	/** How far a review's chunked actions have got: planned and applied (or skipped); null for an inline review. */
	record Progress(int planned, int done) {

		String state() {
			return done >= planned ? "DONE" : "APPLYING";
		}
	}

	Optional<Progress> progress(long reviewId) {
		Progress progress = jdbc.sql("""
				select count(*), sum(case when status = 'PENDING' then 0 else 1 end) from rect_review_action
				where review_id = ?""").param(reviewId).query((rs, i) -> new Progress(rs.getInt(1), rs.getInt(2)))
				.single();
		return progress.planned() == 0 ? Optional.empty() : Optional.of(progress);
	}

	/** The departments asked for a report that has not come yet. */
	java.util.Set<String> departmentsWithOpenRequest() {
		return new java.util.HashSet<>(jdbc.sql("select open_key from rect_report_request where open_key is not null")
				.query(String.class).list());
	}

	/**
	 * Whether the department's latest report request from an earlier day went unanswered past its due date (a
	 * review re-run today must not forgive it because today's first run asked again).
	 */
	boolean reportMissing(String department, LocalDate day) {
		Optional<Object[]> latest = jdbc.sql("""
				select q.status, q.due_at from rect_report_request q join rect_review r on r.id = q.review_id
				where q.department = ? and r.reviewed_on < ? order by q.id desc""")
				.params(department, day).query((rs, i) -> new Object[] { rs.getString(1), rs.getTimestamp(2) })
				.stream().findFirst();
		return latest.map(row -> RequestStatus.MISSING.name().equals(row[0])
				|| RequestStatus.REQUESTED.name().equals(row[0]) && ((Timestamp) row[1]).toInstant().isBefore(Now.instant()))
				.orElse(false);
	}

	void insertRequest(long reviewId, String department, Instant dueAt) {
		jdbc.sql("""
				insert into rect_report_request (review_id, department, open_key, status, due_at)
				values (?, ?, ?, 'REQUESTED', ?)""").params(reviewId, department, department, Timestamp.from(dueAt))
				.update();
	}

	void closeRequest(String department, RequestStatus status) {
		jdbc.sql("""
				update rect_report_request set status = ?, open_key = null, closed_at = ?
				where open_key = ?""").params(status.name(), Timestamp.from(Now.instant()), department).update();
	}

	void confirm(long reviewId, String user, String note) {
		jdbc.sql("update rect_review set confirmed_by = ?, confirmed_at = ?, note = ? where id = ?")
				.params(user, Timestamp.from(Now.instant()), note, reviewId).update();
	}

	List<Review> reviews() {
		return jdbc.sql("select * from rect_review order by id desc").query((rs, i) -> review(rs)).list();
	}

	Optional<Review> review(long id) {
		return jdbc.sql("select * from rect_review where id = ?").param(id).query((rs, i) -> review(rs)).optional();
	}

	List<Item> items(long reviewId) {
		return jdbc.sql("""
				select i.*, m.measure_key from rect_review_item i join rect_measure m on m.id = i.measure_id
				where i.review_id = ? order by m.id""").param(reviewId)
				.query((rs, i) -> new Item(rs.getString("measure_key"), rs.getString("status"), rs.getString("colour"),
						rs.getString("level"), rs.getObject("days_to_deadline", Integer.class), rs.getInt("days_overdue"),
						rs.getInt("overdue_reviews"), rs.getBoolean("report_missing"), rs.getString("explanation")))
				.list();
	}

	private static Review review(java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp confirmed = rs.getTimestamp("confirmed_at");
		return new Review(rs.getLong("id"), rs.getString("trigger_kind"), rs.getDate("reviewed_on").toLocalDate(),
				rs.getTimestamp("started_at").toInstant(), rs.getInt("measures_evaluated"), rs.getInt("actions"),
				rs.getString("confirmed_by"), confirmed == null ? null : confirmed.toInstant(), rs.getString("note"));
	}
}
