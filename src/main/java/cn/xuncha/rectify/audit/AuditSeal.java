package cn.xuncha.rectify.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Extends the chain: under the chain's lock, pulls the facts of the project's tables, resolves business keys and
 * seals every pending record. Runs before every trail, dossier and verification, and on a schedule
 * ({@code rectify.audit.seal-interval}, 1 minute by default) so records never wait long unsealed.
 */
@Service
class AuditSeal {

	private static final Logger log = LoggerFactory.getLogger(AuditSeal.class);

	private final AuditChain chain;
	private final AuditSources sources;
	private final TransactionTemplate transaction;

	AuditSeal(AuditChain chain, AuditSources sources, PlatformTransactionManager transactions) {
		this.chain = chain;
		this.sources = sources;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
	}

	/** Answers how many records were sealed. */
	int seal() {
		Integer sealed = transaction.execute(status -> {
			chain.lock();
			sources.pull();
			chain.resolveBusinessKeys();
			return chain.sealPending();
		});
		return sealed == null ? 0 : sealed;
	}

	AuditChain.Verification sealAndVerify() {
		seal();
		return chain.verify();
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
