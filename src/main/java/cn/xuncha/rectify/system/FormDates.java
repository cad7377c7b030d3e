package cn.xuncha.rectify.system;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** A date a form sent: form-js sends {@code yyyy-MM-dd}, the Java API may pass a Date (a China date). */
public final class FormDates {

	private FormDates() {
	}

	/** The day, or null when the field was left empty; a malformed value is a 400 naming the field. */
	public static LocalDate date(Object value, String field) {
		if (value instanceof Date d) {
			return LocalDate.ofInstant(d.toInstant(), Now.CHINA);
		}
		if (value instanceof String s && !s.isBlank()) {
			try {
				return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
			}
			catch (DateTimeParseException e) {
				throw new FormInputException(field, field + ": 日期格式应为 yyyy-MM-dd (expected yyyy-MM-dd): "
						+ (s.length() > 40 ? s.substring(0, 40) + "…" : s));
			}
		}
		if (value == null || value instanceof String) {
			return null;
		}
		throw new FormInputException(field, field + ": 应为日期 (expected a date)");
	}
}
