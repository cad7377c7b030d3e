package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.system.Now;

/** What reports read beside the ledger tree: review colours, their trend, closure dates and talks held. */
@Repository
class ReportQueries {

	/** A measure's marks: the colour and level of its latest review (null if never reviewed) and when it was done. */
	record Marks(Colour colour, String escalationLevel, LocalDate doneOn) {
	}

	/** The colours of a round's measures at one review day. */
	record TrendPoint(LocalDate reviewedOn, int red, int yellow, int green) {
	}

	private final JdbcClient jdbc;

	ReportQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Talk reminders (谈话提醒) recorded for the round's measures. */
	int talks(String roundKey) {
		return jdbc.sql("""
				select count(*) from rect_talk t join rect_measure m on m.id = t.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ?""").param(roundKey).query(Integer.class).single();
	}

	/** Escalations ever opened for the round's measures, by level in the ladder's order. */
	Map<Level, Integer> escalations(String roundKey) {
		Map<Level, Integer> counts = new EnumMap<>(Level.class);
		jdbc.sql("""
				select e.level, count(*) from rect_escalation e join rect_measure m on m.id = e.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ? group by e.level""").param(roundKey)
				.query(rs -> {
					counts.put(Level.valueOf(rs.getString(1)), rs.getInt(2));
				});
		return counts;
	}

	/** By measure key. A long-term measure is done on the day it went into 长期坚持. */
	Map<String, Marks> marks(String roundKey) {
		Map<String, Marks> marks = new HashMap<>();
		jdbc.sql("""
				select m.measure_key, m.colour, m.escalation_level, case
				  when m.status = 'CLOSED' then m.closed_at
				  when m.status = 'LONG_TERM' then (select max(e.occurred_at) from rect_measure_event e
				    where e.measure_id = m.id and e.kind = 'LONG_TERM') end as done_at
				from rect_measure m join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ?""").param(roundKey).query(rs -> {
			var done = rs.getTimestamp("done_at");
			String colour = rs.getString("colour");
			marks.put(rs.getString("measure_key"), new Marks(colour == null ? null : Colour.valueOf(colour),
					rs.getString("escalation_level"),
					done == null ? null : LocalDate.ofInstant(done.toInstant(), Now.CHINA)));
		});
		return marks;
	}

	/**
	 * Per review day, the colours the review gave the round's open measures. Reviews are not per round, and one may
	 * run twice on a day: the day's last review counts.
	 */
	List<TrendPoint> trend(String roundKey) {
		record Row(LocalDate day, long reviewId, String colour, int count) {
		}
		List<Row> rows = jdbc.sql("""
				select rv.reviewed_on, rv.id, i.colour, count(*) as n from rect_review_item i
				join rect_review rv on rv.id = i.review_id join rect_measure m on m.id = i.measure_id
				join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ? group by rv.reviewed_on, rv.id, i.colour order by rv.reviewed_on, rv.id""")
				.param(roundKey).query((rs, i) -> new Row(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getString(3),
						rs.getInt(4)))
				.list();
		Map<LocalDate, Long> lastReviewOfDay = new HashMap<>();
		rows.forEach(r -> lastReviewOfDay.merge(r.day(), r.reviewId(), Math::max));
		Map<LocalDate, Map<Colour, Integer>> byDay = new LinkedHashMap<>();
		rows.stream().filter(r -> r.reviewId() == lastReviewOfDay.get(r.day()))
				.forEach(r -> byDay.computeIfAbsent(r.day(), d -> new EnumMap<>(Colour.class))
						.merge(Colour.valueOf(r.colour()), r.count(), Integer::sum));
		List<TrendPoint> points = new ArrayList<>();
		byDay.forEach((day, colours) -> points.add(new TrendPoint(day, colours.getOrDefault(Colour.RED, 0),
				colours.getOrDefault(Colour.YELLOW, 0), colours.getOrDefault(Colour.GREEN, 0))));
		return points;
	}
}
