package cn.xuncha.rectify.measure;

import java.time.LocalDate;
import java.util.Date;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.calendar.WorkingDayCalendar;
import cn.xuncha.rectify.system.Now;

/**
 * When a closed measure's 回头看 falls due, on the working-day calendar: read by the engine from
 * bpmn/measure-recheck.bpmn as {@code ${recheckSchedule.due()}} (the timer) and {@code ${recheckSchedule.answerDue()}}
 * (the department's task), so the timer is the engine's and fires on the engine clock. Public with public methods:
 * JUEL calls nothing else.
 */
@Component("recheckSchedule")
public class RecheckSchedule {

	/** The hour a due 回头看 reaches the department's Tasklist. */
	private static final int MORNING = 9;

	private final WorkingDayCalendar calendar;
	private final int afterWorkingDays;
	private final int answerWorkingDays;

	RecheckSchedule(WorkingDayCalendar calendar,
			@Value("${rectify.recheck.after-working-days:90}") int afterWorkingDays,
			@Value("${rectify.recheck.answer-working-days:5}") int answerWorkingDays) {
		if (afterWorkingDays < 1 || answerWorkingDays < 1) {
			throw new IllegalStateException("rectify.recheck.after-working-days and answer-working-days must be >= 1");
		}
		this.calendar = calendar;
		this.afterWorkingDays = afterWorkingDays;
		this.answerWorkingDays = answerWorkingDays;
	}

	/** DOMAIN: 防止反弹 · 回头看 — the given number of working days after today, the day the measure was closed. */
	public Date due() {
		return morningOf(calendar.addWorkingDays(Now.today(), afterWorkingDays));
	}

	/** The department answers within a few working days of being asked. */
	public Date answerDue() {
		return Now.endOfDay(calendar.addWorkingDays(Now.today(), answerWorkingDays));
	}

	private static Date morningOf(LocalDate day) {
		return Date.from(day.atTime(MORNING, 0).atZone(Now.CHINA).toInstant());
	}
}
