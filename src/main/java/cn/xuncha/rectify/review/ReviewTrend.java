package cn.xuncha.rectify.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.escalation.Colour;

/** How the reviews coloured a round's measures over time: what the dashboard's trend shows. */
@Component
public class ReviewTrend {

	/** The colours of a round's measures at one review day. */
	public record Point(LocalDate reviewedOn, int red, int yellow, int green) {
	}

	private final JdbcClient jdbc;

	ReviewTrend(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Per review day, the colours the review gave the round's open measures. Reviews are not per round, and one may
	 * run twice on a day: the day's last review counts.
	 */
	public List<Point> of(String roundKey) {
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
		List<Point> points = new ArrayList<>();
		byDay.forEach((day, colours) -> points.add(new Point(day, colours.getOrDefault(Colour.RED, 0),
				colours.getOrDefault(Colour.YELLOW, 0), colours.getOrDefault(Colour.GREEN, 0))));
		return points;
	}
}
