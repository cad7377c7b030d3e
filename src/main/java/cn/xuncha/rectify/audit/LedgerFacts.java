package cn.xuncha.rectify.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerRow;
import cn.xuncha.rectify.system.Now;

/**
 * Records the ledger's published row states ({@link LedgerRow}) in the chain, in the writing transaction: one
 * unsealed LEDGER_* record per change carrying the row's new state, which the verification compares with the row.
 * A database older than this feature gets one baseline record per row when the chain is first keyed.
 */
@Component
class LedgerFacts {

	static final String ROUND = "LEDGER_ROUND";
	static final String PROBLEM = "LEDGER_PROBLEM";
	static final String MEASURE = "LEDGER_MEASURE";
	private static final int CHUNK = 500;

	private final AuditChain chain;
	private final Ledger ledger;
	private final ObjectProvider<IdentityService> identity;

	LedgerFacts(AuditChain chain, Ledger ledger, ObjectProvider<IdentityService> identity) {
		this.chain = chain;
		this.ledger = ledger;
		this.identity = identity;
	}

	static String kind(String table) {
		return switch (table) {
			case LedgerRow.ROUNDS -> ROUND;
			case LedgerRow.PROBLEMS -> PROBLEM;
			case LedgerRow.MEASURES -> MEASURE;
			default -> throw new IllegalArgumentException("Not a ledger table: " + table);
		};
	}

	/** Synchronous on purpose: the record commits or rolls back with the change it states. */
	@EventListener
	void changed(LedgerRow row) {
		chain.append(List.of(record(row, actor(), false)));
	}

	/** Appends a baseline record for every row the chain has no record of; answers how many. Under the seal's lock. */
	int baseline() {
		int[] appended = { 0 };
		for (String table : LedgerRow.TABLES) {
			String kind = kind(table);
			ledger.forEachRow(table, CHUNK, rows -> {
				// Pending records count: a row written since the last seal is recorded already.
				var recorded = chain.recordedKeys(kind, rows.stream().map(LedgerRow::key).toList());
				List<AuditChain.NewRecord> records = new ArrayList<>();
				rows.stream().filter(r -> !recorded.contains(r.key()))
						.forEach(r -> records.add(record(r, null, true)));
				chain.append(records);
				appended[0] += records.size();
			});
		}
		return appended[0];
	}

	/** The state a LEDGER_* record's payload says the row has; null when it says the row was deleted. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> state(String payload) {
		Map<String, Object> p = Payloads.read(payload);
		return p.get("state") instanceof Map<?, ?> state ? (Map<String, Object>) state : null;
	}

	private static AuditChain.NewRecord record(LedgerRow row, String actor, boolean baseline) {
		Map<String, Object> p = Payloads.map();
		p.put("table", row.table());
		if (row.removed()) {
			p.put("removed", true);
		}
		else {
			p.put("state", row.state());
		}
		if (baseline) {
			p.put("baseline", true);
		}
		return new AuditChain.NewRecord(Now.instant(), row.key(), kind(row.table()), actor, Payloads.json(p), null,
				null, null);
	}

	/** Inside an engine command its user; else whoever is authenticated with the engine on this thread. */
	private String actor() {
		CommandContext command = Context.getCommandContext();
		if (command != null && command.getAuthenticatedUserId() != null) {
			return command.getAuthenticatedUserId();
		}
		IdentityService service = identity.getIfAvailable();
		var auth = service == null ? null : service.getCurrentAuthentication();
		return auth == null ? null : auth.getUserId();
	}
}
