package cn.xuncha.rectify.ledger;

import java.util.Date;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.system.Now;

/**
 * Whose task it is, read from the ledger by the process's business key: the {@code ${owner.…(execution)}} of the
 * models' candidate groups, assignees and due dates. Never from a process variable — a completion, a variable
 * update or a message could overwrite one (docs/security.md: process identity).
 */
@Component("owner")
public class TaskOwner {

	/** Measure keys end in -P<n>-M<n>: measureRectification, longTermCheck, supervisedMatter, talkReminder. */
	private static final Pattern MEASURE_KEY = Pattern.compile(".+-P\\d+-M\\d+");

	private final Ledger ledger;

	TaskOwner(Ledger ledger) {
		this.ledger = ledger;
	}

	/** The responsible department (a group id) of the process's measure or problem. */
	public String department(DelegateExecution execution) {
		String key = businessKey(execution);
		return isMeasure(key) ? ledger.measure(key).department() : ledger.problem(key).department();
	}

	/** The lead leader (分管领导, a user id) of the process's measure's problem, or of its problem. */
	public String leadLeader(DelegateExecution execution) {
		String key = businessKey(execution);
		return ledger.problem(isMeasure(key) ? ledger.measure(key).problemKey() : key).leadLeader();
	}

	/** The measure's deadline as a due date (18:00 China time), or none. */
	public Date deadline(DelegateExecution execution) {
		var deadline = ledger.measure(businessKey(execution)).deadline();
		return deadline == null ? null : Now.endOfDay(deadline);
	}

	private static boolean isMeasure(String key) {
		return MEASURE_KEY.matcher(key).matches();
	}

	private static String businessKey(DelegateExecution execution) {
		String key = execution.getProcessBusinessKey();
		if (key == null) {
			throw new IllegalStateException("process " + execution.getProcessInstanceId()
					+ " has no business key: a rectification process must be started for a ledger key");
		}
		return key;
	}
}
