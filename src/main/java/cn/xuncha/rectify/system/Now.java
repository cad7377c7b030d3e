package cn.xuncha.rectify.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The one clock of the product: the engine's, so that back-dated demo data and tests that move the engine clock
 * see the same "today" as the processes. Dates are China dates.
 */
public final class Now {

	public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private Now() {
	}

	public static Instant instant() {
		return ClockUtil.getCurrentTime().toInstant();
	}

	public static LocalDate today() {
		return LocalDate.ofInstant(instant(), CHINA);
	}

	/** The end of a deadline day (18:00 China time), used as a task's due date. */
	public static Date endOfDay(LocalDate day) {
		return Date.from(day.atTime(18, 0).atZone(CHINA).toInstant());
	}
}
