package cn.xuncha.rectify.report;

import java.time.Period;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.system.Now;

/**
 * When a round's rectification report is drafted, reminded and due: the {@code ${roundReport.…(execution)}} of the
 * round process's timers and due dates, read from the ledger by the round's business key, never from a variable.
 * DOMAIN: 整改情况报告 — due on the round's report date at the end of the day; the office starts drafting
 * {@code rectify.report.draft-lead} before (default 10 days); 提醒 7 days before it (the ladder's reminder), 催办 once
 * it is past.
 */
@Component("roundReport")
public class RoundReportDates {

	/** DOMAIN: 提醒 — the ladder's reminder comes when a deadline is within 7 days. */
	static final int REMINDER_DAYS = 7;

	private final Ledger ledger;
	private final Period draftLead;

	RoundReportDates(Ledger ledger, @Value("${rectify.report.draft-lead:P10D}") Period draftLead) {
		this.ledger = ledger;
		this.draftLead = draftLead;
	}

	/** The report's due date: the end of the round's report day (18:00 China time). */
	public Date dueDate(DelegateExecution execution) {
		return Now.endOfDay(due(execution));
	}

	/** When the office gets the drafting task: the start of the report day minus the lead. */
	public Date draftDate(DelegateExecution execution) {
		return Date.from(due(execution).minus(draftLead).atStartOfDay(Now.CHINA).toInstant());
	}

	/** When an unsigned report is reminded: the end of the day a week before it is due. */
	public Date reminderDate(DelegateExecution execution) {
		return Now.endOfDay(due(execution).minusDays(REMINDER_DAYS));
	}

	private java.time.LocalDate due(DelegateExecution execution) {
		String key = execution.getProcessBusinessKey();
		var due = ledger.round(key).reportDueDate();
		if (due == null) {
			throw new IllegalStateException("round " + key + " has no report due date");
		}
		return due;
	}
}
