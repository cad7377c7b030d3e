package cn.xuncha.rectify.audit;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The audit records (全程留痕) as one hash chain. Appending is a plain insert without seq or hash, cheap enough for
 * every engine command; {@link #sealPending()} (under {@link #lock()}) then gives the unsealed rows, in id order,
 * consecutive seqs and hash = SHA-256(prev_hash + canonical fields), so altering, removing or reordering a sealed
 * record breaks the chain from that record on.
 *
 * <p>The canonical text an auditor can recompute with any SHA-256 tool: {@code prev_hash \n seq \n} followed by
 * occurred_at (ISO local date-time as stored), business_key, kind, actor and payload, each as
 * {@code <length in UTF-16 chars>:<text>\n}, or {@code ~\n} when null; the hash is lower-case hex.
 */
@Repository
class AuditChain {

	static final String GENESIS = "0".repeat(64);
	private static final int BATCH = 500;

	/** A fact to append; seq and hashes come with the seal. */
	record NewRecord(Instant occurredAt, String businessKey, String kind, String actor, String payload,
			String processInstanceId, String source, String sourceId) {
	}

	/** A sealed record as stored; source is set for facts pulled from the project's tables. */
	record Record(long seq, Instant occurredAt, String businessKey, String kind, String actor, String payload,
			String source, String hash) {
	}

	record Head(long seq, String hash) {
	}

	record Broken(long seq, String businessKey, String kind, String reason) {
	}

	/** What {@code GET /api/audit/verify} answers; firstBroken is written as null when the chain is whole. */
	record Verification(boolean ok, long records, @JsonInclude(JsonInclude.Include.ALWAYS) Broken firstBroken,
			Head head) {
	}

	private static final String INSERT = """
			insert into rect_audit_record (occurred_at, business_key, kind, actor, payload, process_instance_id, source,
			  source_id) values (?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	AuditChain(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** One batched insert, in the caller's transaction. */
	void append(List<NewRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				NewRecord r = records.get(i);
				ps.setTimestamp(1, Timestamp.from(r.occurredAt()));
				ps.setString(2, r.businessKey());
				ps.setString(3, r.kind());
				ps.setString(4, r.actor());
				ps.setString(5, r.payload());
				ps.setString(6, r.processInstanceId());
				ps.setString(7, r.source());
				ps.setString(8, r.sourceId());
			}

			@Override
			public int getBatchSize() {
				return records.size();
			}
		});
	}

	/** Serialises seals across threads and nodes until the caller's transaction ends. */
	void lock() {
		jdbc.queryForObject("select id from rect_audit_lock where id = 1 for update", Integer.class);
	}

	/** History events whose process instance the handler could not see get its business key before sealing. */
	int resolveBusinessKeys() {
		return jdbc.update("""
				update rect_audit_record set business_key = (select p.business_key_ from act_hi_procinst p
				  where p.id_ = rect_audit_record.process_instance_id)
				where seq is null and business_key is null and process_instance_id is not null""");
	}

	/** Seals every unsealed record in id order; answers how many. Call under {@link #lock()}. */
	int sealPending() {
		Head head = head().orElse(new Head(0, GENESIS));
		int sealed = 0;
		while (true) {
			List<Stored> batch = jdbc.query("""
					select id, seq, occurred_at, business_key, kind, actor, payload, prev_hash, hash
					from rect_audit_record where seq is null order by id fetch first %d rows only""".formatted(BATCH),
					AuditChain::stored);
			if (batch.isEmpty()) {
				return sealed;
			}
			List<Object[]> updates = new ArrayList<>(batch.size());
			for (Stored row : batch) {
				long seq = head.seq() + 1;
				String hash = hash(head.hash(), seq, row);
				updates.add(new Object[] { seq, head.hash(), hash, row.id() });
				head = new Head(seq, hash);
			}
			jdbc.batchUpdate("update rect_audit_record set seq = ?, prev_hash = ?, hash = ? where id = ? and seq is null",
					updates);
			sealed += batch.size();
		}
	}

	Optional<Head> head() {
		return jdbc.query("""
				select seq, hash from rect_audit_record
				where seq = (select max(seq) from rect_audit_record)""",
				(rs, i) -> new Head(rs.getLong("seq"), rs.getString("hash"))).stream().findFirst();
	}

	long sealedCount() {
		Long n = jdbc.queryForObject("select count(*) from rect_audit_record where seq is not null", Long.class);
		return n == null ? 0 : n;
	}

	/** Recomputes the whole chain from the genesis; names the first record that does not hold. */
	Verification verify() {
		String previous = GENESIS;
		long expected = 1;
		while (true) {
			List<Stored> batch = jdbc.query("""
					select id, seq, occurred_at, business_key, kind, actor, payload, prev_hash, hash
					from rect_audit_record where seq >= ? order by seq fetch first %d rows only""".formatted(BATCH),
					AuditChain::stored, expected);
			if (batch.isEmpty()) {
				break;
			}
			for (Stored row : batch) {
				String reason = null;
				if (row.seq() != expected) {
					reason = "序号不连续：应为 %d，实为 %d，其间记录缺失 (sequence gap: records %d..%d are missing)"
							.formatted(expected, row.seq(), expected, row.seq() - 1);
				}
				else if (!previous.equals(row.prevHash())) {
					reason = "prev_hash 与上一条记录的 hash 不一致 (prev_hash does not match the previous record's hash)";
				}
				else if (!hash(row.prevHash(), row.seq(), row).equals(row.hash())) {
					reason = "记录内容与 hash 不一致，记录已被改动 (the record's content does not match its hash: it was altered)";
				}
				if (reason != null) {
					return new Verification(false, sealedCount(),
							new Broken(row.seq(), row.businessKey(), row.kind(), reason), null);
				}
				previous = row.hash();
				expected++;
			}
		}
		long records = expected - 1;
		return new Verification(true, records, null, records == 0 ? null : new Head(records, previous));
	}

	/** The sealed records of these business keys, in seq order. */
	List<Record> ofKeys(Collection<String> keys) {
		List<String> all = List.copyOf(keys);
		List<Record> records = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
			records.addAll(jdbc.query("""
					select seq, occurred_at, business_key, kind, actor, payload, source, hash from rect_audit_record
					where seq is not null and business_key in (%s)""".formatted(String.join(", ",
					java.util.Collections.nCopies(chunk.size(), "?"))),
					(rs, i) -> new Record(rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(),
							rs.getString("business_key"), rs.getString("kind"), rs.getString("actor"),
							rs.getString("payload"), rs.getString("source"), rs.getString("hash")),
					chunk.toArray()));
		}
		records.sort(java.util.Comparator.comparingLong(Record::seq));
		return records;
	}

	private record Stored(long id, long seq, String occurredAt, String businessKey, String kind, String actor,
			String payload, String prevHash, String hash) {
	}

	private static Stored stored(ResultSet rs, int row) throws SQLException {
		LocalDateTime occurred = rs.getObject("occurred_at", LocalDateTime.class);
		return new Stored(rs.getLong("id"), rs.getLong("seq"), occurred.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
				rs.getString("business_key"), rs.getString("kind"), rs.getString("actor"), rs.getString("payload"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}

	private static String hash(String prevHash, long seq, Stored row) {
		return hash(prevHash, seq, row.occurredAt(), row.businessKey(), row.kind(), row.actor(), row.payload());
	}

	static String hash(String prevHash, long seq, String occurredAt, String businessKey, String kind, String actor,
			String payload) {
		var text = new StringBuilder(prevHash).append('\n').append(seq).append('\n');
		for (String field : new String[] { occurredAt, businessKey, kind, actor, payload }) {
			if (field == null) {
				text.append("~\n");
			}
			else {
				text.append(field.length()).append(':').append(field).append('\n');
			}
		}
		return HexFormat.of().formatHex(Payloads.digest().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
	}
}
