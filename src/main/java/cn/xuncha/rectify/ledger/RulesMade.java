package cn.xuncha.rectify.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/**
 * The rules (制度成果) recorded for measures, beside the ledger that counts them (ledger API, Excel, notices,
 * dashboard). Each recorded rule is stated to the audit as a {@link AuditFact.Source#RULE} fact in the writing
 * transaction.
 */
@Repository
public class RulesMade {

	private static final String SELECT = """
			select r.*, m.measure_key from rect_rule_made r join rect_measure m on m.id = r.measure_id
			""";

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher publisher;

	RulesMade(JdbcClient jdbc, ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.publisher = publisher;
	}

	/** Records the rules; {@code evidenceId} the file that holds them, if already stored. */
	public void record(Measure measure, List<RuleMade.Draft> rules, Long evidenceId, String actor) {
		Instant now = Now.instant();
		for (RuleMade.Draft rule : rules) {
			var keys = new GeneratedKeyHolder();
			jdbc.sql("""
					insert into rect_rule_made (measure_id, title, document_number, issued_on, kind, evidence_id,
					  recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?)""").params(measure.id(), rule.title(),
					rule.documentNumber(), rule.issuedOn(), rule.kind().name(), evidenceId, actor, Timestamp.from(now))
					.update(keys, "id");
			long id = keys.getKey().longValue();
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("title", rule.title());
			payload.put("documentNumber", rule.documentNumber());
			payload.put("issuedOn", rule.issuedOn().toString());
			payload.put("kind", rule.kind().name());
			payload.put("kindLabel", rule.kind().label());
			payload.put("evidenceId", evidenceId);
			publisher.publishEvent(new AuditFact(AuditFact.Source.RULE, id, measure.key(), AuditFact.Source.RULE.name(),
					now, actor, payload));
		}
	}

	/** The measure's evidence file holds the rules recorded before it was submitted (with progress reports). */
	public void attachEvidence(long measureId, long evidenceId) {
		jdbc.sql("update rect_rule_made set evidence_id = ? where measure_id = ? and evidence_id is null")
				.params(evidenceId, measureId).update();
	}

	public List<RuleMade> ofMeasure(long measureId) {
		return jdbc.sql(SELECT + " where r.measure_id = ? order by r.issued_on, r.id").param(measureId)
				.query(RulesMade::rule).list();
	}

	/** Every rule of a round's measures, in ledger order. */
	public List<RuleMade> ofRound(long roundId) {
		return jdbc.sql(SELECT + " join rect_problem p on p.id = m.problem_id where p.round_id = ?"
				+ " order by p.id, m.seq, r.issued_on, r.id").param(roundId).query(RulesMade::rule).list();
	}

	private static RuleMade rule(ResultSet rs, int row) throws SQLException {
		return new RuleMade(rs.getLong("id"), rs.getLong("measure_id"), rs.getString("measure_key"),
				rs.getString("title"), rs.getString("document_number"), rs.getDate("issued_on").toLocalDate(),
				RuleMade.Kind.valueOf(rs.getString("kind")), rs.getObject("evidence_id", Long.class),
				rs.getString("recorded_by"), rs.getTimestamp("recorded_at").toInstant());
	}
}
