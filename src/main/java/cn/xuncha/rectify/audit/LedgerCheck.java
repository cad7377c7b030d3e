package cn.xuncha.rectify.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerRow;

/**
 * Compares the ledger's rows with the state the chain says they should have (each row's latest LEDGER_* record):
 * names every field that differs, every row the chain has no record of, and every row the chain holds that is gone.
 * Walks both sides in chunks, so memory stays bounded at 100 000 measures and millions of records.
 */
@Component
class LedgerCheck {

	/** At most this many mismatches are named; all are counted. */
	static final int MAX_NAMED = 1000;
	private static final int CHUNK = 500;

	private static final String PRESENT = "present";
	private static final String ABSENT = "absent";
	private static final String REMOVED = "removed";

	record Result(List<AuditChain.LedgerMismatch> named, long count) {

		/** Keys of the named mismatches by table, for a second look. */
		Map<String, Set<String>> keys() {
			Map<String, Set<String>> keys = new LinkedHashMap<>();
			named.forEach(m -> keys.computeIfAbsent(m.table(), t -> new LinkedHashSet<>()).add(m.key()));
			return keys;
		}
	}

	private final Ledger ledger;
	private final AuditChain chain;

	LedgerCheck(Ledger ledger, AuditChain chain) {
		this.ledger = ledger;
		this.chain = chain;
	}

	/** Every row of every covered table against the chain. */
	Result compareAll() {
		var found = new Found();
		for (String table : LedgerRow.TABLES) {
			String kind = LedgerFacts.kind(table);
			ledger.forEachRow(table, CHUNK, rows -> compareRows(table, kind, rows, found));
			chain.forEachKey(kind, CHUNK, keys -> compareGone(table, kind, keys, found));
		}
		return found.result();
	}

	/**
	 * These rows again: a writer whose transaction committed while the check ran has its record sealed by now, so
	 * only a real difference stays.
	 */
	Result compare(Map<String, Set<String>> keysByTable) {
		var found = new Found();
		keysByTable.forEach((table, keys) -> {
			String kind = LedgerFacts.kind(table);
			List<LedgerRow> rows = ledger.rows(table, keys);
			compareRows(table, kind, rows, found);
			compareGone(table, kind, keys, found);
		});
		return found.result();
	}

	private void compareRows(String table, String kind, List<LedgerRow> rows, Found found) {
		Map<String, String> recorded = chain.latestPayloads(kind, rows.stream().map(LedgerRow::key).toList());
		for (LedgerRow row : rows) {
			String payload = recorded.get(row.key());
			if (payload == null) {
				found.add(new AuditChain.LedgerMismatch(table, row.key(), null, PRESENT, ABSENT,
						"台账中的此行在审计链中没有任何记录，系绕过系统写入 (the row has no record in the audit chain: it was written behind the application's back)"));
				continue;
			}
			Map<String, Object> expected = LedgerFacts.state(payload);
			if (expected == null) {
				found.add(new AuditChain.LedgerMismatch(table, row.key(), null, PRESENT, REMOVED,
						"审计链记载此行已删除，台账中却仍有 (the chain says the row was deleted, yet the ledger has it)"));
				continue;
			}
			Set<String> fields = new TreeSet<>(expected.keySet());
			fields.addAll(row.state().keySet());
			for (String field : fields) {
				String actual = row.state().get(field);
				String said = Payloads.string(expected.get(field));
				if (!Objects.equals(actual, said)) {
					found.add(new AuditChain.LedgerMismatch(table, row.key(), field, actual, said,
							"台账与审计链记载不一致 (the ledger differs from what the audit chain recorded)"));
				}
			}
		}
	}

	/** Keys the chain knows that have no row: fine when the chain's latest record says the row was deleted. */
	private void compareGone(String table, String kind, Collection<String> keys, Found found) {
		Set<String> existing = ledger.existingKeys(table, keys);
		List<String> gone = keys.stream().filter(k -> !existing.contains(k)).toList();
		if (gone.isEmpty()) {
			return;
		}
		chain.latestPayloads(kind, gone).forEach((key, payload) -> {
			if (LedgerFacts.state(payload) != null) {
				found.add(new AuditChain.LedgerMismatch(table, key, null, ABSENT, PRESENT,
						"审计链记载的此行已从台账中消失，系绕过系统删除 (the row the chain records is gone from the ledger: deleted behind the application's back)"));
			}
		});
	}

	private static final class Found {

		private final List<AuditChain.LedgerMismatch> named = new ArrayList<>();
		private long count;

		void add(AuditChain.LedgerMismatch mismatch) {
			count++;
			if (named.size() < MAX_NAMED) {
				named.add(mismatch);
			}
		}

		Result result() {
			return new Result(List.copyOf(named), count);
		}
	}
}
