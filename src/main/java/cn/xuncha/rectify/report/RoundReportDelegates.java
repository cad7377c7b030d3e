package cn.xuncha.rectify.report;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.system.Actors;
import cn.xuncha.rectify.system.JsonVariables;

/**
 * The report steps of roundRectification (巡察整改): the two-month report's figures, its filing once signed, its
 * reminder and urge, and the filing of the final report. Each reads variables and calls {@link RoundReports}; the
 * round is the process's business key.
 */
@Configuration(proxyBeanMethods = false)
class RoundReportDelegates {

	static final String FIGURES = "reportFigures";

	/** Freezes the figures on the day drafting starts; the forms show them read-only. */
	@Bean
	JavaDelegate prepareInterimReport(RoundReports reports, JsonVariables json) {
		return execution -> {
			RoundReportFigures figures = reports.figures(execution.getProcessBusinessKey());
			execution.setVariable(FIGURES, json.json(figures));
			execution.setVariable("reportSummary", figures.summary());
			execution.setVariable("reportAsOf", figures.asOf().toString());
			execution.setVariable("reportDue", figures.dueDate() == null ? "未定" : figures.dueDate().toString());
		};
	}

	/** The secretary signed (the completing user is the signer): the report is filed as drafted from its figures. */
	@Bean
	JavaDelegate issueInterimReport(RoundReports reports) {
		return execution -> reports.issue(execution.getProcessBusinessKey(), RoundReportKind.INTERIM,
				reports.read(execution.getVariable(FIGURES).toString()), text(execution, "interimReportText"),
				text(execution, "interimComment"), Actors.current(execution));
	}

	@Bean
	JavaDelegate issueFinalReport(RoundReports reports) {
		return execution -> reports.issue(execution.getProcessBusinessKey(), RoundReportKind.FINAL, null,
				text(execution, "reportText"), text(execution, "signComment"), Actors.current(execution));
	}

	@Bean
	JavaDelegate remindInterimReport(RoundReports reports) {
		return execution -> reports.alert(execution.getProcessBusinessKey(), RoundReportKind.INTERIM, "REMIND");
	}

	@Bean
	JavaDelegate urgeInterimReport(RoundReports reports) {
		return execution -> reports.alert(execution.getProcessBusinessKey(), RoundReportKind.INTERIM, "URGE");
	}

	private static String text(DelegateExecution execution, String name) {
		Object value = execution.getVariable(name);
		return value == null ? null : value.toString();
	}
}
