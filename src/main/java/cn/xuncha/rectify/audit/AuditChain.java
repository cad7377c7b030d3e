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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The audit records (全程留痕) as one keyed hash chain. Appending is a plain insert without seq or hash, cheap enough
 * for every engine command; {@link #sealChunk} (under {@link #tryLock()}, a chunk per transaction) then gives the
 * unsealed rows, in id order, consecutive seqs and hash = HMAC-SHA256(key, prev_hash + canonical fields), so altering, removing or
 * reordering a sealed record breaks the chain from that record on, and without the key ({@link AuditKey}, outside
 * the database) nobody can seal a rewritten one.
 *
 * <p>The canonical text an auditor can recompute with any HMAC-SHA256 tool and the key: {@code prev_hash \n seq \n}
 * followed by occurred_at (ISO local date-time as stored), business_key, kind, actor and payload, each as
 * {@code <length in UTF-16 chars>:<text>\n}, or {@code ~\n} when null; the hash is lower-case hex. Records sealed
 * before the chain was keyed ({@code mac_version} 0) hash the same text with plain SHA-256; the first keyed record
 * is the {@value #KEYED} record, which says how many came before it, and no unkeyed record may follow it.
 */
@Repository
class AuditChain {

	static final String GENESIS = "0".repeat(64);
	/** The record that starts the keyed part of the chain. */
	static final String KEYED = "AUDIT_KEYED";
	static final int LEGACY_SHA256 = 0;
	static final int HMAC_SHA256 = 1;
	private static final int BATCH = 500;

	/** A fact to append; seq and hashes come with the seal. */
	record NewRecord(Instant occurredAt, String businessKey, String kind, String actor, String payload,
			String processInstanceId, String source, String sourceId) {
	}

	/**
	 * A record as a trail reads it; source is set for facts the features stated. {@code seq} and {@code hash} are
	 * null while the record waits for the seal; {@code order} is its place in the chain (its seq, or after every
	 * sealed record in the order the seal will take).
	 */
	record Record(long order, Long seq, Instant occurredAt, String businessKey, String kind, String actor,
			String payload, String source, String hash) {

		boolean sealed() {
			return seq != null;
		}
	}

	/** What one seal transaction did: rows looked at, rows sealed, and the id the next chunk reads after. */
	record Chunk(int scanned, int sealed, long resumeAfter) {
	}

	record Head(long seq, String hash) {
	}

	record Broken(long seq, String businessKey, String kind, String reason) {
	}

	/** A pending row the seal refuses: inserted behind the application's back. */
	record Forged(long id, String businessKey, String kind, String reason) {
	}

	/** Where the keyed part of the chain starts, and the fingerprint of the key it was sealed with. */
	record Keyed(long seq, String keyId, long legacyRecords) {
	}

	/** A ledger row that is not what the chain says it should be; field null when the whole row differs. */
	record LedgerMismatch(String table, String key, @JsonInclude(JsonInclude.Include.ALWAYS) String field,
			String ledger, String chain, String reason) {
	}

	/** A head as published in a notice or dossier: record seq and its hash (or 16+ leading hex digits of it). */
	record PublishedHead(long seq, String hash) {

		/** {@code seq:hash}, as {@code --rectify.audit.expect-head} takes it. */
		static PublishedHead parse(String text) {
			int colon = text == null ? -1 : text.indexOf(':');
			try {
				return new PublishedHead(Long.parseLong(text.substring(0, colon).strip()), text.substring(colon + 1).strip());
			}
			catch (RuntimeException e) {
				throw new IllegalArgumentException(
						"链头应写作 记录号:哈希 (a head is written seq:hash), e.g. 1234:3f2a…, not " + text);
			}
		}
	}

	/** A published head checked: does the chain still hold that exact record? */
	record HeadCheck(long seq, String hash, boolean found, String reason) {
	}

	/**
	 * What {@code GET /api/audit/verify} answers; firstBroken is written as null when the chain is whole. The
	 * ledger comparison and the published head are absent from the chain-only check a dossier carries.
	 */
	record Verification(boolean ok, long records, @JsonInclude(JsonInclude.Include.ALWAYS) Broken firstBroken,
			Head head, Keyed keyed, List<LedgerMismatch> ledgerMismatches, Long ledgerMismatchCount,
			HeadCheck expectedHead, List<Forged> forgedRecords) {

		Verification(boolean ok, long records, Broken firstBroken, Head head, Keyed keyed) {
			this(ok, records, firstBroken, head, keyed, null, null, null, null);
		}

		Verification withLedger(List<LedgerMismatch> mismatches, long count) {
			return new Verification(ok && count == 0, records, firstBroken, head, keyed, mismatches, count,
					expectedHead, forgedRecords);
		}

		Verification withExpectedHead(HeadCheck check) {
			return new Verification(ok && check.found(), records, firstBroken, head, keyed, ledgerMismatches,
					ledgerMismatchCount, check, forgedRecords);
		}

		Verification withForged(List<Forged> forged) {
			return new Verification(ok && forged.isEmpty(), records, firstBroken, head, keyed, ledgerMismatches,
					ledgerMismatchCount, expectedHead, forged);
		}
	}

	/** Every column a {@link Stored} row maps, from the chain's table; a where clause follows. */
	private static final String SELECT_STORED = "select id, seq, occurred_at, business_key, kind, actor, payload, "
			+ "prev_hash, hash, mac_version, process_instance_id, source, source_id, entry_mac from rect_audit_record ";

	private static final String INSERT = """
			insert into rect_audit_record (occurred_at, business_key, kind, actor, payload, process_instance_id, source,
			  source_id, entry_mac) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;
	private final AuditKey key;

	AuditChain(JdbcTemplate jdbc, AuditKey key) {
		this.jdbc = jdbc;
		this.key = key;
	}

	/** One batched insert, in the caller's transaction. */
	void append(List<NewRecord> records) {
		if (records.isEmpty()) {
			return;
		}
		Mac mac = key.mac();
		jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				NewRecord r = records.get(i);
				ps.setString(9, entryMac(mac, r.businessKey(), r.kind(), r.actor(), r.payload(), r.processInstanceId(),
						r.source(), r.sourceId()));
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

	/**
	 * Takes the chain's lock until the caller's transaction ends, unless another thread or node holds it: answers
	 * false then, without waiting (that one is sealing). Serialises seals across threads and nodes.
	 */
	boolean tryLock() {
		return lock(false);
	}

	/** Takes the chain's lock, waiting for it when {@code wait}; answers whether it holds it. */
	boolean lock(boolean wait) {
		if (wait) {
			jdbc.queryForObject("select id from rect_audit_lock where id = 1 for update", Integer.class);
			return true;
		}
		return !jdbc.queryForList("select id from rect_audit_lock where id = 1 for update skip locked", Integer.class)
				.isEmpty();
	}

	/**
	 * Seals, in id order, up to {@code limit} unsealed records after id {@code after} that carry a valid entry MAC
	 * (or, when {@code acceptUnsigned}, none: records appended before the chain was keyed). A history event whose
	 * process instance the handler could not see gets the instance's business key first. Reads the pending rows
	 * through the index (pending, id), so a chunk costs what it seals, whatever the chain's length. Call under
	 * {@link #tryLock()}, one chunk per transaction.
	 * <p>
	 * The next chunk resumes after the leading records it left unsealed (forged ones), not after the last record it
	 * read: a writer that had taken a lower id may have committed meanwhile, and its record must be sealed before any
	 * record of a later writer of the same ledger row. Such a writer waited for the first one's row lock, so its
	 * record became visible only after the first one's; resuming from the lowest pending id keeps the chain's order
	 * of a row's states the order in which they were written.
	 */
	Chunk sealChunk(long after, int limit, boolean acceptUnsigned) {
		List<Stored> batch = jdbc.query(PENDING.formatted(limit), AuditChain::stored, after);
		if (batch.isEmpty()) {
			return new Chunk(0, 0, after);
		}
		Map<String, String> keys = businessKeys(batch);
		Head head = head().orElse(new Head(0, GENESIS));
		Mac mac = key.mac();
		List<Object[]> updates = new ArrayList<>(batch.size());
		long resumeAfter = after;
		for (Stored row : batch) {
			if (!(acceptUnsigned && row.entryMac() == null) && !signed(mac, row)) {
				// Not appended by the application: left unsealed, named by the verification.
				if (updates.isEmpty()) {
					resumeAfter = row.id();
				}
				continue;
			}
			if (row.businessKey() == null && keys.containsKey(row.processInstanceId())) {
				row = row.withBusinessKey(keys.get(row.processInstanceId()));
			}
			long seq = head.seq() + 1;
			String hash = mac(mac, head.hash(), seq, row);
			updates.add(new Object[] { seq, head.hash(), hash, HMAC_SHA256, row.businessKey(), row.id() });
			head = new Head(seq, hash);
		}
		// "pending = 1", not "seq is null": H2 answers the latter from the unique index on seq, reading every pending
		// row for each update; this is a point lookup in (pending, id) or the primary key.
		jdbc.batchUpdate("""
				update rect_audit_record set seq = ?, prev_hash = ?, hash = ?, mac_version = ?, business_key = ?,
				  pending = null where id = ? and pending = 1""", updates);
		return new Chunk(batch.size(), updates.size(), resumeAfter);
	}

	/** Through the index (pending, id): a range, read in index order, whatever the number of pending rows. */
	private static final String PENDING = SELECT_STORED
			+ "where pending = 1 and id > ? order by pending, id fetch first %d rows only";

	/** The business keys of the process instances of these rows that were appended without one. */
	private Map<String, String> businessKeys(List<Stored> rows) {
		List<String> instances = rows.stream().filter(r -> r.businessKey() == null && r.processInstanceId() != null)
				.map(Stored::processInstanceId).distinct().toList();
		Map<String, String> keys = new HashMap<>();
		if (instances.isEmpty()) {
			return keys;
		}
		jdbc.query("select id_, business_key_ from act_hi_procinst where business_key_ is not null and id_ in (%s)"
				.formatted(placeholders(instances.size())),
				(RowCallbackHandler) rs -> keys.put(rs.getString(1), rs.getString(2)), instances.toArray());
		return keys;
	}

	/** How many records wait for the seal (the seal's index). */
	long pendingCount() {
		Long n = jdbc.queryForObject("select count(*) from rect_audit_record where pending = 1", Long.class);
		return n == null ? 0 : n;
	}

	/** Pending records without a valid entry MAC (inserted with SQL), at most {@code limit}, in id order. */
	List<Forged> forgedPending(int limit) {
		Mac mac = key.mac();
		List<Forged> forged = new ArrayList<>();
		long after = -1;
		while (forged.size() < limit) {
			// every row without a seq, however it was inserted (a forger may clear the pending mark); through the
			// primary key from "after" on, as "seq is null" would make H2 read every pending row for each batch
			List<Stored> batch = jdbc.query((SELECT_STORED
					+ "where id > ? and coalesce(seq, -1) = -1 order by id fetch first %d rows only").formatted(BATCH),
					AuditChain::stored, after);
			if (batch.isEmpty()) {
				break;
			}
			after = batch.get(batch.size() - 1).id();
			batch.stream().filter(row -> !signed(mac, row)).limit(limit - forged.size())
					.forEach(row -> forged.add(new Forged(row.id(), row.businessKey(), row.kind(),
							"记录未经系统写入（无有效的写入签名），不予封存 (not appended by the application: no valid entry MAC; left unsealed)")));
		}
		return forged;
	}

	/** Whether the chain holds its {@value #KEYED} record (cheap: the kind index). */
	boolean keyed() {
		return !jdbc.queryForList("select seq from rect_audit_record where kind = ? fetch first 1 rows only",
				Long.class, KEYED).isEmpty();
	}

	/**
	 * Starts the keyed part of the chain with the {@value #KEYED} record, sealed at once (before any pending
	 * record), which names the key and counts the records sealed before; answers that count. Call under
	 * {@link #tryLock()}.
	 */
	long startKeyed(Instant now) {
		Head head = head().orElse(new Head(0, GENESIS));
		Map<String, Object> p = Payloads.map();
		p.put("keyId", key.id());
		p.put("legacyRecords", head.seq());
		String payload = Payloads.json(p);
		long seq = head.seq() + 1;
		// Hashed as read back, like every record: the database decides the time's precision.
		jdbc.update("""
				insert into rect_audit_record (seq, occurred_at, kind, payload, prev_hash, mac_version, pending)
				values (?, ?, ?, ?, ?, ?, null)""", seq, Timestamp.from(now), KEYED, payload, head.hash(), HMAC_SHA256);
		Stored row = jdbc.queryForObject(SELECT_STORED + "where seq = ?", AuditChain::stored, seq);
		jdbc.update("update rect_audit_record set hash = ? where seq = ?", mac(key.mac(), head.hash(), seq, row), seq);
		return head.seq();
	}

	/** Which of these business keys have a record of this kind, sealed or pending. */
	java.util.Set<String> recordedKeys(String kind, Collection<String> keys) {
		java.util.Set<String> recorded = new java.util.HashSet<>();
		if (keys.isEmpty()) {
			return recorded;
		}
		List<Object> params = new ArrayList<>(keys);
		params.add(kind);
		recorded.addAll(jdbc.queryForList("""
				select business_key from rect_audit_record where business_key in (%s)
				group by business_key, kind having kind = ?""".formatted(
				placeholders(keys.size())), String.class, params.toArray()));
		return recorded;
	}

	/**
	 * The latest record of each of these business keys among records of this kind — sealed, or appended by the
	 * application and waiting for the seal: what the chain says the ledger row should be. Keys without such a
	 * record are absent.
	 */
	Map<String, String> latestPayloads(String kind, Collection<String> keys) {
		Map<String, String> latest = new HashMap<>();
		if (keys.isEmpty()) {
			return latest;
		}
		List<Object> params = new ArrayList<>(keys);
		params.add(kind);
		// By key, then kind: "where kind = ? and business_key in (...)" makes H2 range over the kind index, every
		// record of the kind for each chunk of keys (quadratic at a million records); grouped by both and kept by
		// HAVING, the keys' own index is read instead (PostgreSQL moves the condition into WHERE either way).
		jdbc.query("""
				select a.business_key, a.payload from rect_audit_record a join (
				  select max(seq) as latest from rect_audit_record
				  where business_key in (%s) and seq is not null group by business_key, kind having kind = ?) l
				on a.seq = l.latest""".formatted(placeholders(keys.size())),
				(RowCallbackHandler) rs -> latest.put(rs.getString(1), rs.getString(2)), params.toArray());
		// A change written since the last seal: its record waits, signed, and is the latest word on the row.
		Mac mac = key.mac();
		jdbc.query((SELECT_STORED + "where pending = 1 and business_key in (%s) order by id")
				.formatted(placeholders(keys.size())), (RowCallbackHandler) rs -> {
					Stored row = stored(rs, 0);
					if (kind.equals(row.kind()) && signed(mac, row)) {
						latest.put(row.businessKey(), row.payload());
					}
				}, keys.toArray());
		return latest;
	}

	/**
	 * Every business key with a sealed record of this kind, in chunks (keyset by key), for the ledger comparison.
	 * Reads the index (kind, business_key, seq) in order and drops repeats here: a "select distinct ... fetch first"
	 * makes H2 read every remaining record of the kind for each chunk (quadratic at a million records), while a plain
	 * ordered range stops after {@code chunk} rows. A chunk yields at least one new key, its last key in full.
	 */
	void forEachKey(String kind, int chunk, java.util.function.Consumer<List<String>> consumer) {
		String after = "";
		while (true) {
			List<String> rows = jdbc.queryForList("""
					select business_key from rect_audit_record
					where kind = ? and business_key > ? and seq is not null order by kind, business_key
					fetch first %d rows only""".formatted(chunk), String.class, kind, after);
			if (rows.isEmpty()) {
				return;
			}
			List<String> keys = rows.stream().distinct().toList();
			consumer.accept(keys);
			after = keys.get(keys.size() - 1);
		}
	}

	/** Whether the chain still holds the record {@code seq} with this hash (or a hash starting so, of 16+ digits). */
	HeadCheck check(long seq, String hash) {
		String given = hash == null ? "" : hash.strip().toLowerCase(java.util.Locale.ROOT);
		if (given.length() < 16 || !given.matches("[0-9a-f]+")) {
			return new HeadCheck(seq, hash, false,
					"链头哈希应为至少 16 位十六进制数 (the head's hash must be at least 16 hex digits)");
		}
		List<String> stored = jdbc.queryForList("select hash from rect_audit_record where seq = ?", String.class, seq);
		if (stored.isEmpty()) {
			long last = head().map(Head::seq).orElse(0L);
			return new HeadCheck(seq, given, false, ("链中已没有记录 %d，链止于记录 %d：其后的记录已被删除 "
					+ "(the chain no longer holds record %d, it ends at %d: records were removed)").formatted(seq, last,
							seq, last));
		}
		if (!stored.get(0).startsWith(given)) {
			return new HeadCheck(seq, given, false, ("记录 %d 的哈希与公布的链头不同：链自该记录或更早已被改写 "
					+ "(record %d has another hash than the published head: the chain was rewritten at or before it)")
					.formatted(seq, seq));
		}
		return new HeadCheck(seq, given, true, "链中仍有公布的链头记录 (the chain still holds the published head)");
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

	/**
	 * Recomputes the whole chain from the genesis, streaming by seq; names the first record that does not hold.
	 * Unkeyed (legacy SHA-256) records are accepted only before the {@value #KEYED} record, which must count them.
	 */
	Verification verify() {
		return verify(checked -> {
		});
	}

	/** {@link #verify()}, telling {@code progress} how many records it has checked after each batch. */
	Verification verify(java.util.function.LongConsumer progress) {
		String previous = GENESIS;
		long expected = 1;
		Keyed keyed = null;
		Mac mac = key.mac();
		while (true) {
			List<Stored> batch = jdbc.query(
					(SELECT_STORED + "where seq >= ? order by seq fetch first %d rows only").formatted(BATCH),
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
				else if (row.macVersion() == null || (row.macVersion() != LEGACY_SHA256 && row.macVersion() != HMAC_SHA256)) {
					reason = "记录的 mac_version 无效 (the record has no valid mac_version)";
				}
				else if (row.macVersion() == LEGACY_SHA256 && keyed != null) {
					reason = ("记录在链加密钥（记录 %d）之后却未用密钥封存：链尾已被无密钥者改写 "
							+ "(a record sealed without the key after the chain was keyed at record %d: rewritten by someone without the key)")
							.formatted(keyed.seq(), keyed.seq());
				}
				else if (row.macVersion() == HMAC_SHA256 && keyed == null) {
					Map<String, Object> p = KEYED.equals(row.kind()) ? Payloads.read(row.payload()) : Map.of();
					if (!KEYED.equals(row.kind()) || !Long.valueOf(row.seq() - 1).equals(number(p.get("legacyRecords")))) {
						reason = "链的密钥起始记录缺失或不符 (the record that starts the keyed chain is missing or does not count the records before it)";
					}
					else if (!key.id().equals(p.get("keyId"))) {
						reason = ("密钥不符：此链以密钥 %s 封存，当前配置的密钥为 %s（检查 RECTIFY_AUDIT_KEY 或密钥文件） "
								+ "(key mismatch: the chain was sealed with key %s, the configured key is %s: check RECTIFY_AUDIT_KEY or the key file)")
								.formatted(p.get("keyId"), key.id(), p.get("keyId"), key.id());
					}
					else {
						keyed = new Keyed(row.seq(), key.id(), row.seq() - 1);
					}
				}
				if (reason == null && !hash(mac, row.prevHash(), row.seq(), row).equals(row.hash())) {
					reason = row.macVersion() == HMAC_SHA256
							? "记录内容与其密钥哈希不一致，记录已被改动或以其他密钥封存 (the record's content does not match its keyed hash: it was altered, or sealed with another key)"
							: "记录内容与 hash 不一致，记录已被改动 (the record's content does not match its hash: it was altered)";
				}
				if (reason != null) {
					return new Verification(false, sealedCount(),
							new Broken(row.seq(), row.businessKey(), row.kind(), reason), null, keyed);
				}
				previous = row.hash();
				expected++;
			}
			progress.accept(expected - 1);
		}
		long records = expected - 1;
		if (records > 0 && keyed == null) {
			return new Verification(false, records, new Broken(records, null, null,
					"链中没有密钥起始记录：全链未用密钥封存 (the chain has no keyed records: it was sealed or rewritten without the key)"),
					null, null);
		}
		return new Verification(true, records, null, records == 0 ? null : new Head(records, previous), keyed);
	}

	private static Long number(Object value) {
		return value instanceof Number n ? n.longValue() : null;
	}

	/**
	 * The records of these business keys in chain order: the sealed ones by seq, then those still waiting for the
	 * seal that the application appended (a valid entry MAC), in the order the seal will take them. Reads through
	 * the index (business_key, seq) only; never waits for the seal.
	 */
	List<Record> ofKeys(Collection<String> keys) {
		List<String> all = List.copyOf(keys);
		List<Record> records = new ArrayList<>();
		record Pending(Stored row, Instant at) {
		}
		List<Pending> pending = new ArrayList<>();
		for (int from = 0; from < all.size(); from += BATCH) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
			jdbc.query((SELECT_STORED + "where business_key in (%s)").formatted(placeholders(chunk.size())),
					(RowCallbackHandler) rs -> {
						Timestamp at = rs.getTimestamp("occurred_at");
						long seq = rs.getLong("seq");
						if (rs.wasNull()) {
							pending.add(new Pending(stored(rs, 0), at.toInstant()));
						}
						else {
							records.add(new Record(seq, seq, at.toInstant(), rs.getString("business_key"),
									rs.getString("kind"), rs.getString("actor"), rs.getString("payload"),
									rs.getString("source"), rs.getString("hash")));
						}
					}, chunk.toArray());
		}
		records.sort(java.util.Comparator.comparingLong(Record::order));
		if (!pending.isEmpty()) {
			Mac mac = key.mac();
			pending.stream().filter(p -> signed(mac, p.row())).sorted(java.util.Comparator.comparingLong(p -> p.row().id()))
					.forEach(p -> records.add(new Record(Long.MAX_VALUE / 2 + p.row().id(), null, p.at(),
							p.row().businessKey(), p.row().kind(), p.row().actor(), p.row().payload(), p.row().source(),
							null)));
		}
		return records;
	}

	private record Stored(long id, long seq, String occurredAt, String businessKey, String kind, String actor,
			String payload, String prevHash, String hash, Integer macVersion, String processInstanceId, String source,
			String sourceId, String entryMac) {

		Stored withBusinessKey(String key) {
			return new Stored(id, seq, occurredAt, key, kind, actor, payload, prevHash, hash, macVersion,
					processInstanceId, source, sourceId, entryMac);
		}
	}

	private static Stored stored(ResultSet rs, int row) throws SQLException {
		LocalDateTime occurred = rs.getObject("occurred_at", LocalDateTime.class);
		return new Stored(rs.getLong("id"), rs.getLong("seq"), occurred.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
				rs.getString("business_key"), rs.getString("kind"), rs.getString("actor"), rs.getString("payload"),
				rs.getString("prev_hash"), rs.getString("hash"), rs.getObject("mac_version", Integer.class),
				rs.getString("process_instance_id"), rs.getString("source"), rs.getString("source_id"),
				rs.getString("entry_mac"));
	}

	/**
	 * The entry MAC holds what the appender wrote: key, kind, actor, payload and where the fact came from. Not the
	 * time (the database decides its precision) and not a business key the seal resolved later from the process
	 * instance, which the MAC covers instead.
	 */
	private static String entryMac(Mac mac, String businessKey, String kind, String actor, String payload,
			String processInstanceId, String source, String sourceId) {
		var text = new StringBuilder("entry\n");
		for (String field : new String[] { businessKey, kind, actor, payload, processInstanceId, source, sourceId }) {
			text.append(field == null ? "~" : field.length() + ":" + field).append('\n');
		}
		return HexFormat.of().formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static boolean signed(Mac mac, Stored row) {
		if (row.entryMac() == null) {
			return false;
		}
		if (row.entryMac().equals(entryMac(mac, row.businessKey(), row.kind(), row.actor(), row.payload(),
				row.processInstanceId(), row.source(), row.sourceId()))) {
			return true;
		}
		// appended without a business key, resolved by the seal from the process instance
		return row.processInstanceId() != null && row.entryMac().equals(entryMac(mac, null, row.kind(), row.actor(),
				row.payload(), row.processInstanceId(), row.source(), row.sourceId()));
	}

	/** The record's hash as its mac_version says: keyed, or plain SHA-256 for records sealed before keying. */
	private static String hash(Mac mac, String prevHash, long seq, Stored row) {
		byte[] text = canonical(prevHash, seq, row);
		return HexFormat.of().formatHex(row.macVersion() != null && row.macVersion() == LEGACY_SHA256
				? Payloads.digest().digest(text) : mac.doFinal(text));
	}

	private static String mac(Mac mac, String prevHash, long seq, Stored row) {
		return HexFormat.of().formatHex(mac.doFinal(canonical(prevHash, seq, row)));
	}

	static byte[] canonical(String prevHash, long seq, Stored row) {
		var text = new StringBuilder(prevHash).append('\n').append(seq).append('\n');
		for (String field : new String[] { row.occurredAt(), row.businessKey(), row.kind(), row.actor(), row.payload() }) {
			if (field == null) {
				text.append("~\n");
			}
			else {
				text.append(field.length()).append(':').append(field).append('\n');
			}
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** "?, ?, ?" for an IN list of n parameters. */
	private static String placeholders(int n) {
		return String.join(", ", java.util.Collections.nCopies(n, "?"));
	}
}
