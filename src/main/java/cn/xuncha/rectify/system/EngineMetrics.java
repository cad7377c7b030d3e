package cn.xuncha.rectify.system;

import org.camunda.bpm.engine.ManagementService;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The job executor's backlog for the Prometheus scrape: jobs due now and not yet taken (timers of the review, async
 * continuations). Counted on scrape, one indexed query; a growing figure means the executor does not keep up.
 */
@Component
class EngineMetrics {

	EngineMetrics(ManagementService management, Privileged privileged, MeterRegistry metrics) {
		// The scrape runs as the logged-in office or admin; the backlog is the engine's, whatever they may read.
		Gauge.builder("rectify.jobs.executable", () -> privileged.call(() -> management.createJobQuery().executable().count()))
				.description("Jobs due and waiting for the job executor").register(metrics);
	}
}
