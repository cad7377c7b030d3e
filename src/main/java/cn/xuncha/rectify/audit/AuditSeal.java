package cn.xuncha.rectify.audit;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.xuncha.rectify.system.Now;

/**
 * Extends the chain in the background: every {@code rectify.audit.seal-interval} (5 s by default) it seals what is
 * pending, {@code rectify.audit.seal-chunk} records per transaction, each transaction holding the chain's lock only
 * for its chunk. A node that finds the lock taken skips its turn (the other node is sealing). Nothing a reader does
 * waits for it: trails show pending records marked as such, and the verification checks the sealed chain and the
 * ledger against every record the application appended. The first seal of a chain starts its keyed part and records
 * the ledger rows the chain does not know yet (a database older than the ledger's coverage).
 */
@Service
class AuditSeal {

	private static final Logger log = LoggerFactory.getLogger(AuditSeal.class);

	/** How far a running verification has got; what {@code GET /api/audit/verify/progress} answers. */
	record Progress(boolean running, Instant startedAt, long checked, long total, Instant finishedAt) {
	}

	private final AuditChain chain;
	private final EngineComments comments;
	private final LedgerFacts ledgerFacts;
	private final LedgerCheck ledgerCheck;
	private final TransactionTemplate transaction;
	private final int chunk;
	private final AtomicReference<Progress> progress = new AtomicReference<>(
			new Progress(false, null, 0, 0, null));
	/** Once seen, the keying record stays (removing it breaks the chain), so it is looked up once per node. */
	private volatile boolean keyed;

	AuditSeal(AuditChain chain, EngineComments comments, LedgerFacts ledgerFacts, LedgerCheck ledgerCheck,
			PlatformTransactionManager transactions, @Value("${rectify.audit.seal-chunk:2000}") int chunk) {
		this.chain = chain;
		this.comments = comments;
		this.ledgerFacts = ledgerFacts;
		this.ledgerCheck = ledgerCheck;
		this.chunk = chunk;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Seals everything pending, a chunk per transaction; answers how many records were sealed. Stops early, without
	 * waiting, when another thread or node holds the chain's lock: that one seals them.
	 */
	int seal() {
		return seal(false);
	}

	/**
	 * Seals everything pending now, waiting for the lock if another sealer holds it: for a process that must see
	 * the chain sealed before it goes on (the command-line verification, tests).
	 */
	int sealNow() {
		return seal(true);
	}

	private int seal(boolean wait) {
		int sealed = 0;
		long after = -1;
		boolean first = true;
		while (true) {
			long from = after;
			boolean pull = first;
			first = false;
			AuditChain.Chunk done = transaction.execute(status -> {
				if (!chain.lock(wait)) {
					return null;
				}
				if (!keyed && !chain.keyed()) {
					return startKeyed();
				}
				keyed = true;
				if (pull) {
					comments.pull();
				}
				return chain.sealChunk(from, chunk, false);
			});
			if (done == null || done.scanned() == 0) {
				return sealed;
			}
			sealed += done.sealed();
			after = done.resumeAfter();
		}
	}

	/**
	 * Keys the chain, records the ledger rows as they stand, and seals everything pending in the same transaction:
	 * records appended before the upgrade carry no entry MAC and are accepted this once.
	 */
	private AuditChain.Chunk startKeyed() {
		long legacy = chain.startKeyed(Now.instant());
		int baseline = ledgerFacts.baseline();
		log.info("Audit chain keyed after {} unkeyed records; {} ledger rows recorded as they stand", legacy, baseline);
		comments.pull();
		int sealed = 0;
		long after = -1;
		while (true) {
			AuditChain.Chunk done = chain.sealChunk(after, chunk, true);
			if (done.scanned() == 0) {
				keyed = true;
				// the next transaction finds nothing left to seal before this one's records
				return new AuditChain.Chunk(sealed == 0 ? 0 : 1, sealed, Long.MAX_VALUE);
			}
			sealed += done.sealed();
			after = done.resumeAfter();
		}
	}

	/**
	 * The full check, without sealing: the sealed chain, the ledger against every record the application appended
	 * (sealed or pending), the pending records nobody signed, and, when given, a head published earlier. A row that
	 * differs is looked at once more, since its writer may have committed while the check ran.
	 */
	AuditChain.Verification check(AuditChain.PublishedHead expectedHead) {
		AuditChain.Verification result = verify();
		LedgerCheck.Result ledger = ledgerCheck.compareAll();
		if (ledger.count() > 0) {
			LedgerCheck.Result again = ledgerCheck.compare(ledger.keys());
			ledger = new LedgerCheck.Result(again.named(), again.count() + ledger.count() - ledger.named().size());
		}
		result = result.withLedger(ledger.named(), ledger.count()).withForged(chain.forgedPending(LedgerCheck.MAX_NAMED));
		return expectedHead == null ? result
				: result.withExpectedHead(chain.check(expectedHead.seq(), expectedHead.hash()));
	}

	/** The chain alone, as a dossier carries it, reporting its progress as it goes. */
	AuditChain.Verification verify() {
		Instant started = Now.instant();
		long total = chain.head().map(AuditChain.Head::seq).orElse(0L);
		progress.set(new Progress(true, started, 0, total, null));
		try {
			return chain.verify(checked -> {
				progress.set(new Progress(true, started, checked, Math.max(total, checked), null));
				if (checked % 100_000 < 500) {
					log.info("Audit chain verification: {} of {} records checked", checked, total);
				}
			});
		}
		finally {
			Progress last = progress.get();
			progress.set(new Progress(false, started, last.checked(), last.total(), Now.instant()));
		}
	}

	/** The latest verification's progress on this node. */
	Progress progress() {
		return progress.get();
	}

	@Scheduled(initialDelayString = "${rectify.audit.seal-interval:PT5S}", fixedDelayString = "${rectify.audit.seal-interval:PT5S}")
	void sealOnSchedule() {
		try {
			int sealed = seal();
			if (sealed > 0) {
				log.debug("Sealed {} audit records", sealed);
			}
		}
		catch (RuntimeException e) {
			// The next run seals them; nothing is lost meanwhile, and readers show them as pending.
			log.warn("Sealing the audit chain failed: {}", e.toString());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Schedule {
	}
}
