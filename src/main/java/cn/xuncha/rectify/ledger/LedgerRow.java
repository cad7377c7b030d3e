package cn.xuncha.rectify.ledger;

import java.util.Map;

/**
 * A ledger row as it stands after a change, published by {@link Ledger} inside the writing transaction whenever it
 * inserts, updates or deletes one (the audit records it); also what {@link Ledger#forEachRow} answers, so the audit
 * compares the rows with the same fields it recorded. {@code state} holds the compared fields as text (absent when
 * null); it is null when the row was deleted.
 */
public record LedgerRow(String table, String key, Map<String, String> state) {

	public static final String ROUNDS = "rect_round";
	public static final String PROBLEMS = "rect_problem";
	public static final String MEASURES = "rect_measure";
	/** The tables whose rows the audit chain covers, in the order the verification walks them. */
	public static final java.util.List<String> TABLES = java.util.List.of(ROUNDS, PROBLEMS, MEASURES);

	public boolean removed() {
		return state == null;
	}
}
