package cn.xuncha.rectify.audit;

import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.system.AuditFact;

/**
 * Appends the facts features state ({@link AuditFact}) to the chain, unsealed, in the writing transaction and in
 * order among its engine records: the record commits or rolls back with the change it states, and no feature's
 * table is read back for it. Each fact is
 * recorded once: {@code (source, source_id)} is unique.
 */
@Component
class AuditFacts {

	private final AuditHistoryHandler history;

	AuditFacts(AuditHistoryHandler history) {
		this.history = history;
	}

	/** Synchronous on purpose, like {@link LedgerFacts}. */
	@EventListener
	void stated(AuditFact fact) {
		history.appendInOrder(List.of(record(fact)));
	}

	@EventListener
	void stated(AuditFact.Batch batch) {
		history.appendInOrder(batch.facts().stream().map(AuditFacts::record).toList());
	}

	static AuditChain.NewRecord record(AuditFact fact) {
		Map<String, Object> payload = Payloads.map();
		fact.payload().forEach((name, value) -> {
			if (value instanceof String text) {
				Payloads.putText(payload, name, text);
			}
			else if (value != null) {
				payload.put(name, value);
			}
		});
		payload.put("id", fact.sourceId());
		return new AuditChain.NewRecord(fact.occurredAt(), fact.businessKey(), fact.kind(), fact.actor(),
				Payloads.json(payload), null, fact.source().name(), String.valueOf(fact.sourceId()));
	}
}
