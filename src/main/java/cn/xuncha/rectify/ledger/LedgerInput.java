package cn.xuncha.rectify.ledger;

import java.time.LocalDate;

/**
 * What the ledger's columns hold (db/migration/V1__ledger.sql) and which texts and dates it takes. Every feature that
 * writes rounds, problems or measures checks client input here, so a value the database would refuse is a 400 that
 * names the field, never a database error (PostgreSQL refuses NUL in text; a too long value overflows its column).
 */
public final class LedgerInput {

	public static final int ROUND_TITLE = 500;
	public static final int UNIT = 200;
	public static final int INSPECTION_TEAM = 200;
	public static final int CATEGORY_TITLE = 1000;
	public static final int PROBLEM_TITLE = 1000;
	/** department, lead_leader, responsible_person */
	public static final int PERSON_OR_GROUP = 64;
	public static final int MEASURE_TEXT = 20000;
	/** rect_measure_event.note and rect_measure.latest_progress */
	public static final int NOTE = 4000;

	/** No rectification is dated before the inspections this system supervises nor beyond any sane plan. */
	static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
	static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

	/** How much of a refused value an error message repeats. */
	private static final int SHOWN = 40;

	private LedgerInput() {
	}

	/**
	 * Why {@code value} does not fit a column of {@code maxLength} characters, or null when it does (null values
	 * fit). Control characters are refused; a multi-line text may hold line breaks and tabs.
	 */
	public static String textProblem(String value, int maxLength, boolean multiline) {
		if (value == null) {
			return null;
		}
		int length = value.codePointCount(0, value.length());
		if (length > maxLength) {
			return "过长：%d 字，最多 %d 字 (too long: %d characters, at most %d)".formatted(length, maxLength, length,
					maxLength);
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "含有无效的 Unicode 字符 (invalid Unicode: unpaired surrogate U+%04X at %d)".formatted((int) c, i);
			}
			else if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
				return "含有不允许的控制字符 U+%04X，位置 %d (control character U+%04X at %d not allowed%s)".formatted((int) c,
						i, (int) c, i, multiline ? "; only line breaks and tabs" : "");
			}
		}
		return null;
	}

	/** Why {@code date} is no date of a rectification, or null when it is one (or null). */
	public static String dateProblem(LocalDate date) {
		if (date == null || !date.isBefore(EARLIEST) && !date.isAfter(LATEST)) {
			return null;
		}
		return "日期 %s 超出范围 %s 至 %s (date out of range %s..%s)".formatted(date, EARLIEST, LATEST, EARLIEST, LATEST);
	}

	/** The start of a refused value, for an error message that must not echo a megabyte back. */
	public static String shown(String value) {
		if (value == null) {
			return "null";
		}
		String start = value.codePointCount(0, value.length()) <= SHOWN ? value
				: value.substring(0, value.offsetByCodePoints(0, SHOWN)) + "…";
		StringBuilder out = new StringBuilder();
		start.codePoints().forEach(cp -> {
			if (Character.getType(cp) == Character.CONTROL) {
				out.append("\\u%04X".formatted(cp));
			}
			else {
				out.appendCodePoint(cp);
			}
		});
		return out.toString();
	}
}
