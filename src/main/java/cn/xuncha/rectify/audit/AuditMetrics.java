package cn.xuncha.rectify.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The seal's lag for the Prometheus scrape: audit records written but not sealed into the chain yet. Counted on
 * scrape through the seal's index (pending, id); it should fall to zero every seal interval.
 */
@Component
class AuditMetrics {

	AuditMetrics(JdbcTemplate jdbc, MeterRegistry metrics) {
		Gauge.builder("rectify.audit.unsealed.records",
				() -> jdbc.queryForObject("select count(*) from rect_audit_record where pending = 1", Long.class))
				.description("Audit records not sealed into the chain yet").register(metrics);
	}
}
