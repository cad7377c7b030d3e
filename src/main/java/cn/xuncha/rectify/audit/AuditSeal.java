package cn.xuncha.rectify.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.xuncha.rectify.system.Now;

/**
 * Extends the chain: under the chain's lock, pulls the facts of the project's tables, resolves business keys and
 * seals every pending record. Runs before every trail, dossier and verification, and on a schedule
 * ({@code rectify.audit.seal-interval}, 1 minute by default) so records never wait long unsealed. The first seal of
 * a chain starts its keyed part and records the ledger rows the chain does not know yet (a database older than the
 * ledger's coverage).
 */
@Service
class AuditSeal {

	private static final Logger log = LoggerFactory.getLogger(AuditSeal.class);

	private final AuditChain chain;
	private final AuditSources sources;
	private final LedgerFacts ledgerFacts;
	private final LedgerCheck ledgerCheck;
	private final TransactionTemplate transaction;
	/** Once seen, the keying record stays (removing it breaks the chain), so it is looked up once per node. */
	private volatile boolean keyed;

	AuditSeal(AuditChain chain, AuditSources sources, LedgerFacts ledgerFacts, LedgerCheck ledgerCheck,
			PlatformTransactionManager transactions) {
		this.chain = chain;
		this.sources = sources;
		this.ledgerFacts = ledgerFacts;
		this.ledgerCheck = ledgerCheck;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
	}

	/** Answers how many records were sealed. */
	int seal() {
		Integer sealed = transaction.execute(status -> {
			chain.lock();
			boolean keying = !keyed && !chain.keyed();
			if (keying) {
				long legacy = chain.startKeyed(Now.instant());
				int baseline = ledgerFacts.baseline();
				log.info("Audit chain keyed after {} unkeyed records; {} ledger rows recorded as they stand", legacy,
						baseline);
			}
			keyed = true;
			sources.pull();
			chain.resolveBusinessKeys();
			// Records appended before the upgrade carry no entry MAC; once the chain is keyed, every one must.
			return chain.sealPending(keying);
		});
		return sealed == null ? 0 : sealed;
	}

	/** The chain alone, as a dossier carries it. */
	AuditChain.Verification sealAndVerify() {
		seal();
		return chain.verify();
	}

	/**
	 * The full check: the chain, the ledger against the chain, and, when given, a head published earlier. A row that
	 * differs is looked at once more after another seal, since its writer may have committed while the check ran.
	 */
	AuditChain.Verification check(AuditChain.PublishedHead expectedHead) {
		AuditChain.Verification result = sealAndVerify();
		LedgerCheck.Result ledger = ledgerCheck.compareAll();
		if (ledger.count() > 0) {
			seal();
			LedgerCheck.Result again = ledgerCheck.compare(ledger.keys());
			ledger = new LedgerCheck.Result(again.named(), again.count() + ledger.count() - ledger.named().size());
		}
		result = result.withLedger(ledger.named(), ledger.count()).withForged(chain.forgedPending(LedgerCheck.MAX_NAMED));
		return expectedHead == null ? result
				: result.withExpectedHead(chain.check(expectedHead.seq(), expectedHead.hash()));
	}

	@Scheduled(initialDelayString = "${rectify.audit.seal-interval:PT1M}", fixedDelayString = "${rectify.audit.seal-interval:PT1M}")
	void sealOnSchedule() {
		try {
			int sealed = seal();
			if (sealed > 0) {
				log.debug("Sealed {} audit records", sealed);
			}
		}
		catch (RuntimeException e) {
			// The next run or the next reader seals them; nothing is lost meanwhile.
			log.warn("Sealing the audit chain failed: {}", e.toString());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Schedule {
	}
}
