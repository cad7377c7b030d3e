package cn.xuncha.rectify.measure;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.system.Actors;
import cn.xuncha.rectify.system.FormDates;

/**
 * The service tasks of measureRectification (措施整改), longTermCheck (长期措施定期检查) and measureRecheck (整改回头看):
 * each reads variables and calls {@link MeasureService}.
 */
@Configuration(proxyBeanMethods = false)
class MeasureDelegates {

	@Bean
	JavaDelegate loadMeasure(MeasureService measures) {
		return execution -> {
			var measure = measures.load(measureKey(execution));
			execution.setVariable("measureText", measure.text());
			execution.setVariable("problemTitle", measures.problemTitle(measure));
			execution.setVariable("measureType", measure.type().name());
			execution.setVariable("deadlineText", measure.deadline() == null ? "未定" : measure.deadline().toString());
		};
	}

	@Bean
	JavaDelegate recordProgress(MeasureService measures) {
		return execution -> {
			measures.recordProgress(measureKey(execution), Actors.current(execution),
					(String) execution.getVariable("progressNote"), integer(execution, "figureDone"),
					integer(execution, "figureTotal"), (String) execution.getVariable(RuleLines.FIELD));
			execution.removeVariable("progressNote");
			execution.removeVariable(RuleLines.FIELD);
			// A send-back comment has been answered by this report; the next form starts clean.
			execution.removeVariable("returnComment");
		};
	}

	@Bean
	JavaDelegate storeEvidence(MeasureService measures) {
		return execution -> {
			FileValue file = execution.getVariableTyped("evidenceFile");
			execution.setVariable("evidenceInfo", measures.requestClosure(measureKey(execution),
					Actors.current(execution), (String) execution.getVariable("closureSummary"), file,
					(String) execution.getVariable(RuleLines.FIELD)));
			execution.removeVariable(RuleLines.FIELD);
			// The file now lives in the evidence table with its hash; one copy is enough.
			execution.removeVariable("evidenceFile");
		};
	}

	@Bean
	JavaDelegate reopenMeasure(MeasureService measures) {
		return execution -> measures.reopen(measureKey(execution), Actors.current(execution),
				(String) execution.getVariable("returnComment"));
	}

	@Bean
	JavaDelegate closeMeasure(MeasureService measures) {
		return execution -> measures.close(measureKey(execution), Actors.current(execution));
	}

	@Bean
	JavaDelegate keepLongTerm(MeasureService measures) {
		return execution -> measures.keepLongTerm(measureKey(execution), Actors.current(execution));
	}

	@Bean
	JavaDelegate recordPeriodicCheck(MeasureService measures) {
		return execution -> measures.recordCheck(measureKey(execution), Actors.current(execution),
				"effective".equals(execution.getVariable("checkResult")),
				(String) execution.getVariable("checkNote"));
	}

	@Bean
	JavaDelegate recordRecheck(MeasureService measures) {
		return execution -> measures.recordRecheck(measureKey(execution), Actors.current(execution),
				(String) execution.getVariable("recheckResult"), (String) execution.getVariable("recheckNote"),
				FormDates.date(execution.getVariable("reboundDeadline"), "reboundDeadline"));
	}

	@Bean
	JavaDelegate rectifyAgain(MeasureService measures) {
		return execution -> measures.rectifyAgain(measureKey(execution));
	}

	/** The measure is the process's business key, never a variable a completion could overwrite. */
	private static String measureKey(DelegateExecution execution) {
		return execution.getProcessBusinessKey();
	}

	private static Integer integer(DelegateExecution execution, String name) {
		return execution.getVariable(name) instanceof Number n ? n.intValue() : null;
	}
}
