package cn.xuncha.rectify.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A rule (制度) a measure produced — DOMAIN: 建立健全制度, the seed's 制定并实施《…制度》 — with its document number
 * (文号), the day it was issued, whether it is new or a revision, and the evidence file that holds it.
 */
public record RuleMade(long id, long measureId, String measureKey, String title, String documentNumber,
		LocalDate issuedOn, Kind kind, Long evidenceId, String recordedBy, Instant recordedAt) {

	/** rect_rule_made.title */
	public static final int TITLE = 500;
	/** rect_rule_made.document_number */
	public static final int DOCUMENT_NUMBER = 100;

	public enum Kind {
		NEW("新建"), REVISED("修订");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/** A rule as a form states it, before it is recorded. */
	public record Draft(String title, String documentNumber, LocalDate issuedOn, Kind kind) {
	}
}
