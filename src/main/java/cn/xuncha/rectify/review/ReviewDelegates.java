package cn.xuncha.rectify.review;

import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.measure.MeasureService;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.system.Actors;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.JsonVariables;

/** The service tasks of halfMonthlyReview (每半月梳理整改进展); each reads variables and calls a service. */
@Configuration(proxyBeanMethods = false)
class ReviewDelegates {

	/** The timer start event's cycle: {@code ${reviewSchedule.cron}}. */
	public record ReviewSchedule(String cron) {
		public String getCron() {
			return cron;
		}
	}

	@Bean
	ReviewSchedule reviewSchedule(@Value("${rectify.review.cron:0 0 9 1,16 * ?}") String cron) {
		return new ReviewSchedule(cron);
	}

	@Bean
	JavaDelegate evaluateReview(ReviewService reviews) {
		return execution -> {
			Object trigger = execution.getVariable("trigger");
			var result = reviews.run(trigger == null ? "TIMER" : trigger.toString(), false);
			execution.setVariable("reviewId", result.id());
			execution.setVariable("reviewSummary", result.summary());
			execution.setVariable("reportDepartments", new java.util.ArrayList<>(result.reportDepartments()));
			execution.setVariable("reportDueDate", Date.from(result.reportDueAt()));
			// one chunk job per entry (Task_ApplyActions); none when the review applied its actions itself
			execution.setVariable("actionChunks", new java.util.ArrayList<>(
					java.util.stream.IntStream.range(0, result.progress().chunks()).boxed().toList()));
		};
	}

	/** One chunk of a large review's actions, in its own job and transaction. */
	@Bean
	JavaDelegate applyReviewActions(ReviewService reviews) {
		return execution -> reviews.applyChunk(((Number) execution.getVariable("reviewId")).longValue(),
				((Number) execution.getVariable("actionChunk")).intValue());
	}

	record ReportItem(String measureKey, String text, String deadline, String progressNote) {
	}

	@Bean
	JavaDelegate prepareReport(Ledger ledger, JsonVariables json) {
		return execution -> execution.setVariableLocal("reportItems", json.json(
				reportable(ledger, (String) execution.getVariable("reportDepartment")).stream()
						.map(m -> new ReportItem(m.key(), m.text(), m.deadline() == null ? "" : m.deadline().toString(), ""))
						.toList()));
	}

	/** The measures a department reports on: its measures in execution, from the ledger. */
	private static List<Measure> reportable(Ledger ledger, String department) {
		return ledger.openMeasures().stream()
				.filter(m -> department.equals(m.department()) && m.isExecuting())
				.toList();
	}

	@Bean
	JavaDelegate saveReport(ReviewRepository requests, MeasureService measures, Ledger ledger, JsonVariables json) {
		return execution -> {
			String actor = Actors.current(execution);
			String department = (String) execution.getVariable("reportDepartment");
			var own = reportable(ledger, department).stream().map(Measure::key).collect(Collectors.toSet());
			for (ReportItem item : json.readList(execution, "reportItems", ReportItem.class)) {
				// The list comes back from the form: a row may only speak for this department's measures.
				if (!own.contains(item.measureKey())) {
					throw new FormInputException("reportItems", "措施 " + item.measureKey()
							+ " 不是本科室在办的措施，不能报送 (not a measure of this department in execution)");
				}
				if (item.progressNote() == null || item.progressNote().isBlank()) {
					throw new FormInputException("reportItems",
							"措施 " + item.measureKey() + " 未填写本期进展 (progress note required)");
				}
				measures.recordProgress(item.measureKey(), actor, item.progressNote(), null, null);
			}
			requests.closeRequest(department, ReviewRepository.RequestStatus.REPORTED);
		};
	}

	@Bean
	JavaDelegate markReportMissing(ReviewRepository requests) {
		return execution -> requests.closeRequest((String) execution.getVariable("reportDepartment"),
				ReviewRepository.RequestStatus.MISSING);
	}

	@Bean
	JavaDelegate confirmReview(ReviewService reviews) {
		return execution -> reviews.confirm(((Number) execution.getVariable("reviewId")).longValue(),
				Actors.current(execution), (String) execution.getVariable("reviewNote"));
	}
}
