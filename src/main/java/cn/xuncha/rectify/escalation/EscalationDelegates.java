package cn.xuncha.rectify.escalation;

import java.time.LocalDate;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.system.Actors;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Now;

/** The service tasks of supervisedMatter (督办事项) and talkReminder (谈话提醒). */
@Configuration(proxyBeanMethods = false)
class EscalationDelegates {

	@Bean
	JavaDelegate recordSupervision(EscalationLadder ladder, Escalations escalations) {
		return execution -> ladder.recordSupervision(escalation(execution, escalations).id());
	}

	@Bean
	JavaDelegate recordTalk(EscalationLadder ladder, Escalations escalations) {
		return execution -> {
			LocalDate heldOn = date(execution.getVariable("talkHeldOn"));
			if (heldOn == null || heldOn.isAfter(Now.today())) {
				throw new FormInputException("talkHeldOn", "谈话日期不能为空且不能晚于今天 (talk date required, not in the future)");
			}
			var escalation = escalation(execution, escalations);
			ladder.recordTalk(escalation, Actors.current(execution), heldOn,
					(String) execution.getVariable("talkPlace"), (String) execution.getVariable("talkParticipants"),
					(String) execution.getVariable("talkContent"), (String) execution.getVariable("talkCommitment"));
		};
	}

	/** The escalation this process was started for, found by the process instance, never by a variable. */
	private static Escalations.Escalation escalation(DelegateExecution execution, Escalations escalations) {
		return escalations.ofProcess(execution.getProcessInstanceId());
	}

	private static LocalDate date(Object value) {
		if (value instanceof Date d) {
			return LocalDate.ofInstant(d.toInstant(), Now.CHINA);
		}
		if (value instanceof String s && !s.isBlank()) {
			try {
				return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
			}
			catch (java.time.format.DateTimeParseException e) {
				throw new FormInputException("talkHeldOn", "谈话日期格式应为 yyyy-MM-dd (expected yyyy-MM-dd): " + s);
			}
		}
		return null;
	}
}
