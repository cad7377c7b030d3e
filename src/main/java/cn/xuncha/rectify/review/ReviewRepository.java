package cn.xuncha.rectify.review;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

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

	private final JdbcClient jdbc;

	ReviewRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Serialises reviews across threads and nodes: the second waits, then finds the first one's work done. */
	void lock() {
		jdbc.sql("select id from rect_review_lock where id = 1 for update").query(Integer.class).single();
	}

	long insertReview(String trigger, LocalDate day) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_review (trigger_kind, reviewed_on, started_at, measures_evaluated, actions)
				values (?, ?, ?, 0, 0)""").params(trigger, day, Timestamp.from(Now.instant())).update(keys, "id");
		return keys.getKey().longValue();
	}

	void finishReview(long id, int evaluated, int actions) {
		jdbc.sql("update rect_review set measures_evaluated = ?, actions = ? where id = ?")
				.params(evaluated, actions, id).update();
	}

	void insertItem(long reviewId, long measureId, Item item) {
		jdbc.sql("""
				insert into rect_review_item (review_id, measure_id, status, colour, level, days_to_deadline,
				  days_overdue, overdue_reviews, report_missing, explanation) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(reviewId, measureId, item.status(), item.colour(), item.level(), item.daysToDeadline(),
						item.daysOverdue(), item.overdueReviews(), item.reportMissing(), item.explanation())
				.update();
	}

	/**
	 * How many reviews in a row, on days before {@code day}, found this measure overdue (a review re-run on the same
	 * day is not a second review).
	 */
	int overdueStreak(long measureId, LocalDate deadline, LocalDate day) {
		// Only reviews after the current deadline: a measure reopened after a rebound (回头看) has a new deadline, and
		// the reviews that found it overdue before its closure say nothing about it.
		List<Integer> overdue = jdbc.sql("""
				select max(i.days_overdue) from rect_review_item i join rect_review r on r.id = i.review_id
				where i.measure_id = ? and r.reviewed_on > ? and r.reviewed_on < ? group by r.reviewed_on
				order by r.reviewed_on desc""")
				.params(measureId, deadline, day).query(Integer.class).list();
		int streak = 0;
		for (int days : overdue) {
			if (days <= 0) {
				break;
			}
			streak++;
		}
		return streak;
	}

	boolean hasOpenRequest(String department) {
		return jdbc.sql("select count(*) from rect_report_request where open_key = ?").param(department)
				.query(Integer.class).single() > 0;
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
