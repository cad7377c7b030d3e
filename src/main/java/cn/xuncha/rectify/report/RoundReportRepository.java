package cn.xuncha.rectify.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Signed rectification reports and the reminders of reports not signed in time. Reports are inserted and read only:
 * a signed report is never rewritten (DOMAIN: 全程留痕).
 */
@Repository
class RoundReportRepository {

	/** A report as listed: everything but its HTML, DOCX and figures. */
	record ReportSummary(long id, String roundId, RoundReportKind kind, String title, LocalDate asOf,
			LocalDate dueDate, String completionRate, String signedBy, Instant signedAt) {
	}

	record NewReport(long roundId, RoundReportKind kind, String title, LocalDate asOf, LocalDate dueDate,
			String completionRate, String text, String signComment, String signedBy, Instant signedAt, String figures,
			String html, byte[] docx) {
	}

	private static final String SUMMARY = """
			select p.id, r.round_key, p.kind, p.title, p.as_of, p.due_date, p.completion_rate, p.signed_by, p.signed_at
			from rect_round_report p join rect_round r on r.id = p.round_id
			""";

	private final JdbcClient jdbc;

	RoundReportRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(NewReport n) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_round_report (round_id, kind, title, as_of, due_date, completion_rate, report_text,
				  sign_comment, signed_by, signed_at, figures, html, docx) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(n.roundId(), n.kind().name(), n.title(), n.asOf(), n.dueDate(), n.completionRate(), n.text(),
						n.signComment(), n.signedBy(), Timestamp.from(n.signedAt()), n.figures(), n.html(), n.docx())
				.update(keys, "id");
		return keys.getKey().longValue();
	}

	boolean exists(long roundId, RoundReportKind kind) {
		return jdbc.sql("select count(*) from rect_round_report where round_id = ? and kind = ?")
				.params(roundId, kind.name()).query(Integer.class).single() > 0;
	}

	Optional<ReportSummary> find(long id) {
		return jdbc.sql(SUMMARY + " where p.id = ?").param(id).query(RoundReportRepository::summary).optional();
	}

	List<ReportSummary> ofRound(long roundId) {
		return jdbc.sql(SUMMARY + " where p.round_id = ? order by p.id").param(roundId)
				.query(RoundReportRepository::summary).list();
	}

	List<ReportSummary> ofRound(String roundKey) {
		return jdbc.sql(SUMMARY + " where r.round_key = ? order by p.id").param(roundKey)
				.query(RoundReportRepository::summary).list();
	}

	Optional<String> html(long id) {
		return jdbc.sql("select html from rect_round_report where id = ?").param(id).query(String.class).optional();
	}

	Optional<byte[]> docx(long id) {
		return jdbc.sql("select docx from rect_round_report where id = ?").param(id)
				.query((rs, i) -> rs.getBytes(1)).optional();
	}

	Optional<String> figures(long id) {
		return jdbc.sql("select figures from rect_round_report where id = ?").param(id).query(String.class)
				.optional();
	}

	// --- reminders of a report not signed in time

	/** Opens this level for the round's report once; answers the new row's id, empty when it was open already. */
	Optional<Long> openAlert(long roundId, RoundReportKind kind, String level, Instant at, String notified) {
		if (jdbc.sql("select count(*) from rect_round_report_alert where round_id = ? and kind = ? and level = ?")
				.params(roundId, kind.name(), level).query(Integer.class).single() > 0) {
			return Optional.empty();
		}
		var keys = new GeneratedKeyHolder();
		jdbc.sql("insert into rect_round_report_alert (round_id, kind, level, opened_at, notified) values (?, ?, ?, ?, ?)")
				.params(roundId, kind.name(), level, Timestamp.from(at), notified).update(keys, "id");
		return Optional.of(keys.getKey().longValue());
	}

	private static ReportSummary summary(ResultSet rs, int row) throws SQLException {
		var due = rs.getDate("due_date");
		return new ReportSummary(rs.getLong("id"), rs.getString("round_key"),
				RoundReportKind.valueOf(rs.getString("kind")), rs.getString("title"),
				rs.getDate("as_of").toLocalDate(), due == null ? null : due.toLocalDate(),
				rs.getString("completion_rate"), rs.getString("signed_by"), rs.getTimestamp("signed_at").toInstant());
	}
}
