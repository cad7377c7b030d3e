package cn.xuncha.rectify.calendar;

/** The shipped working-day calendar for tests outside Spring (process tests of other packages). */
public final class Calendars {

	private Calendars() {
	}

	/** The calendar as the product ships it, without an office file. */
	public static WorkingDayCalendar shipped() {
		return new WorkingDayCalendar("");
	}
}
