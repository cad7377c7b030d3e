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
 * Brings the comments people leave on tasks into the chain. Comments are no history event and no feature states
 * them: they are read from Camunda's comment table, each recorded once (source, source_id are unique), whenever its
 * row became visible, so a transaction that commits late is never skipped; the seal calls this under its lock.
 */
@Component
class EngineComments {

	static final String COMMENT = "COMMENT";

	private static final String NOT_RECORDED =
			" not exists (select 1 from rect_audit_record a where a.source = '%s' and a.source_id = %s)";

	private final JdbcTemplate jdbc;
	private final AuditChain chain;

	EngineComments(JdbcTemplate jdbc, AuditChain chain) {
		this.jdbc = jdbc;
		this.chain = chain;
	}

	/** Appends (unsealed) every comment not yet recorded; answers how many. */
	int pull() {
		List<AuditChain.NewRecord> records = comments();
		chain.append(records);
		return records.size();
	}

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
		return NOT_RECORDED.formatted(source, idColumn);
	}
}
