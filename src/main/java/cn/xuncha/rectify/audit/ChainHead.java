package cn.xuncha.rectify.audit;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The chain's head for documents that publish it (progress notices): whoever later holds the document can ask
 * {@code GET /api/audit/verify?seq=…&hash=…} whether the chain still contains that exact record, which catches a
 * chain cut back and re-extended.
 */
@Component
public class ChainHead {

	/** A sealed record's seq and its hash (lower-case hex). */
	public record Head(long seq, String hash) {

		/** The line a published document prints. */
		public String line() {
			return "审计链头 (audit chain head): seq " + seq + " · " + hash;
		}
	}

	private final AuditChain chain;

	ChainHead(AuditChain chain) {
		this.chain = chain;
	}

	/**
	 * The latest sealed record; empty for an empty chain. Never waits for the seal: what is still pending is covered
	 * by a later head.
	 */
	public Optional<Head> sealed() {
		return chain.head().map(h -> new Head(h.seq(), h.hash()));
	}
}
