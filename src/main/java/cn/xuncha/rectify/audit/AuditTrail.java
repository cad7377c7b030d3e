package cn.xuncha.rectify.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Now;

/**
 * 一事一档: the trail of one round, problem or measure — its own records and those of the problems and measures
 * under it — read from the chain. Each entry names the record ({@code seq}) that covers it with a hash; an entry
 * whose record still waits for the seal (seconds, see {@link AuditSeal}) is shown, marked {@code sealed: false},
 * rather than waited for. Who may read what is {@link AuditScope}'s; how records become entries is
 * {@link TrailRenderer}'s.
 */
@Service
class AuditTrail {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	enum MatterType {
		ROUND("整改轮次"), PROBLEM("整改问题"), MEASURE("整改措施");

		final String label;

		MatterType(String label) {
			this.label = label;
		}
	}

	record Fact(String label, String value) {
	}

	record Actor(String id, String name) {
	}

	record Matter(String type, String typeLabel, String key, String title, List<Fact> facts) {
	}

	/** {@code seq} is null, and {@code sealed} false, while the entry's record waits for the seal. */
	record Entry(Long seq, boolean sealed, Instant time, String kind, String kindLabel, String businessKey,
			Actor actor, String title, List<Fact> details) {
	}

	/** An evidence file as stored, with the chain record that covers it and the SHA-256 that record holds. */
	record EvidenceFile(long id, String measureKey, String fileName, String contentType, long size, String sha256,
			Actor uploadedBy, Instant uploadedAt, Long seq, String chainSha256) {
	}

	/** The chain when the trail was read: sealed records, its head, and how many records wait for the seal. */
	record ChainState(long records, AuditChain.Head head, long pending) {
	}

	record Trail(Matter matter, List<Entry> entries, List<EvidenceFile> evidence, ChainState chain) {
	}

	/** What a viewer may see of a matter: its facts and the business keys whose records belong to it. */
	record Scope(Matter matter, Set<String> keys, List<Measure> measures) {
	}

	private final AuditScope scopes;
	private final TrailRenderer renderer;
	private final MeasureEvents measureEvents;
	private final AuditChain chain;

	AuditTrail(AuditScope scopes, TrailRenderer renderer, MeasureEvents measureEvents, AuditChain chain) {
		this.scopes = scopes;
		this.renderer = renderer;
		this.measureEvents = measureEvents;
		this.chain = chain;
	}

	/** The matter behind a key and what this viewer may see of it: 404 for no matter, 403 for not theirs. */
	Scope scope(String key, Viewer viewer) {
		return scopes.of(key, viewer);
	}

	/** Reads the trail as the chain holds it now, sealed or not. */
	Trail trail(Scope scope) {
		List<AuditChain.Record> records = chain.ofKeys(scope.keys());
		TrailRenderer.Names names = renderer.names();
		List<Entry> entries = renderer.entries(records, names);
		List<EvidenceFile> evidence = evidence(scope, records, names);
		AuditChain.Head head = chain.head().orElse(null);
		return new Trail(scope.matter(), entries, evidence,
				new ChainState(head == null ? 0 : head.seq(), head, chain.pendingCount()));
	}

	private List<EvidenceFile> evidence(Scope scope, List<AuditChain.Record> records, TrailRenderer.Names names) {
		Map<Long, AuditChain.Record> recorded = new HashMap<>();
		for (AuditChain.Record r : records) {
			if (AuditFact.Source.EVIDENCE.name().equals(r.kind())
					&& Payloads.read(r.payload()).get("id") instanceof Number n) {
				recorded.put(n.longValue(), r);
			}
		}
		List<EvidenceFile> files = new ArrayList<>();
		for (Measure m : scope.measures()) {
			for (MeasureEvents.Evidence e : measureEvents.evidence(m.id())) {
				AuditChain.Record r = recorded.get(e.id());
				files.add(new EvidenceFile(e.id(), m.key(), e.fileName(), e.contentType(), e.sizeBytes(), e.sha256(),
						names.actor(e.uploadedBy()), e.uploadedAt(), r == null ? null : r.seq(),
						r == null ? null : Payloads.string(Payloads.read(r.payload()).get("sha256"))));
			}
		}
		return files;
	}

	static String format(Instant time) {
		return time == null ? null : TIME.format(LocalDateTime.ofInstant(time, Now.CHINA));
	}
}
