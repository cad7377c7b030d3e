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
 * Published notices. Insert and read only: there is deliberately no update or delete, a published notice is never
 * rewritten (DOMAIN: 全程留痕).
 */
@Repository
class NoticeRepository {

	/** A notice as listed: everything but its HTML, DOCX and figures. */
	record NoticeSummary(long id, String roundId, int seq, String title, LocalDate issuedOn, Instant issuedAt,
			String issuedBy, String completionRate) {
	}

	record NewNotice(long roundId, int seq, String title, LocalDate issuedOn, Instant issuedAt, String issuedBy,
			String completionRate, String html, byte[] docx, String figures) {
	}

	private static final String SUMMARY = """
			select n.id, r.round_key, n.seq, n.title, n.issued_on, n.issued_at, n.issued_by, n.completion_rate
			from rect_notice n join rect_round r on r.id = n.round_id
			""";

	private final JdbcClient jdbc;

	NoticeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Takes the round's row lock, so that two notices issued at once get numbers one after the other. */
	void lockRound(long roundId) {
		jdbc.sql("select id from rect_round where id = ? for update").param(roundId).query(Long.class).single();
	}

	int nextSeq(long roundId) {
		return jdbc.sql("select coalesce(max(seq), 0) + 1 from rect_notice where round_id = ?").param(roundId)
				.query(Integer.class).single();
	}

	long insert(NewNotice n) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into rect_notice (round_id, seq, title, issued_on, issued_at, issued_by, completion_rate, html,
				  docx, figures) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(n.roundId(), n.seq(), n.title(), n.issuedOn(), Timestamp.from(n.issuedAt()), n.issuedBy(),
						n.completionRate(), n.html(), n.docx(), n.figures())
				.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<NoticeSummary> find(long id) {
		return jdbc.sql(SUMMARY + " where n.id = ?").param(id).query(NoticeRepository::summary).optional();
	}

	List<NoticeSummary> ofRound(long roundId) {
		return jdbc.sql(SUMMARY + " where n.round_id = ? order by n.seq desc").param(roundId)
				.query(NoticeRepository::summary).list();
	}

	Optional<String> html(long id) {
		return jdbc.sql("select html from rect_notice where id = ?").param(id).query(String.class).optional();
	}

	Optional<byte[]> docx(long id) {
		return jdbc.sql("select docx from rect_notice where id = ?").param(id).query((rs, i) -> rs.getBytes(1))
				.optional();
	}

	Optional<String> figures(long id) {
		return jdbc.sql("select figures from rect_notice where id = ?").param(id).query(String.class).optional();
	}

	/** The figures of the round's latest notice, with its number. */
	Optional<Latest> latest(long roundId) {
		return jdbc.sql("""
				select seq, figures from rect_notice where round_id = ? order by seq desc fetch first 1 rows only""")
				.param(roundId).query((rs, i) -> new Latest(rs.getInt(1), rs.getString(2))).optional();
	}

	record Latest(int seq, String figures) {
	}

	private static NoticeSummary summary(ResultSet rs, int row) throws SQLException {
		return new NoticeSummary(rs.getLong("id"), rs.getString("round_key"), rs.getInt("seq"), rs.getString("title"),
				rs.getDate("issued_on").toLocalDate(), rs.getTimestamp("issued_at").toInstant(),
				rs.getString("issued_by"), rs.getString("completion_rate"));
	}
}
