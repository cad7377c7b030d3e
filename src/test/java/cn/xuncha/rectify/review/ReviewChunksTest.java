package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import cn.xuncha.rectify.system.Now;

/**
 * A review with more actions than one chunk (here 2, in production 500) stores its verdicts at once and leaves its
 * actions to one job per chunk, each its own transaction; a chunk run twice, or a second review meanwhile, opens
 * nothing twice.
 */
@TestPropertySource(properties = "rectify.review.action-chunk=2")
class ReviewChunksTest extends ReviewFixture {

	@Test
	void aLargeReviewAppliesItsActionsInChunkJobsExactlyOnce() {
		LocalDate start = Now.today();
		setUpRound(start);
		LocalDate day = start.plusDays(20);
		at(day);
		identity.setAuthentication("office", List.of("office"));
		String instance;
		try {
			instance = privileged.call(() -> runtime.createProcessInstanceByKey("halfMonthlyReview")
					.setVariable("trigger", "MANUAL").startBeforeActivity("Task_EvaluateMeasures").execute()).getId();
		}
		finally {
			identity.clearAuthentication();
		}
		long id = ((Number) runtime.getVariable(instance, "reviewId")).longValue();
		var planned = reviews.result(id).progress();
		assertThat(planned.state()).isEqualTo("APPLYING");
		assertThat(planned.actionsPlanned()).isGreaterThan(2);
		assertThat(planned.actionsApplied()).isZero();
		assertThat(planned.chunks()).isEqualTo((planned.actionsPlanned() + 1) / 2);
		assertThat(escalations.openedBy(id)).as("nothing applied before the chunk jobs run").isEmpty();
		var jobs = management.createJobQuery().processInstanceId(instance).activityId("Task_ApplyActions").list();
		assertThat(jobs).hasSize(planned.chunks());

		// Meanwhile a second review plans nothing the first one is about to do.
		var meanwhile = reviews.run("MANUAL", false);
		assertThat(meanwhile.actions()).isEmpty();

		management.executeJob(jobs.get(0).getId());
		int afterFirstChunk = escalations.openedBy(id).size();
		assertThat(afterFirstChunk).isPositive();
		// The same chunk again (a retry, another node): nothing new.
		for (int chunk = 0; chunk < planned.chunks(); chunk++) {
			if (chunk == ((Number) runtime.getVariable(jobs.get(0).getExecutionId(), "actionChunk")).intValue()) {
				assertThat(reviews.applyChunk(id, chunk)).isZero();
			}
		}
		assertThat(escalations.openedBy(id)).hasSize(afterFirstChunk);

		for (var job : management.createJobQuery().processInstanceId(instance).activityId("Task_ApplyActions").list()) {
			management.executeJob(job.getId());
		}
		var done = reviews.result(id).progress();
		assertThat(done.state()).isEqualTo("DONE");
		assertThat(done.actionsApplied()).isEqualTo(planned.actionsPlanned());
		var opened = escalations.openedBy(id);
		assertThat(opened.stream().map(e -> e.measureKey() + ":" + e.level()).collect(Collectors.toSet()))
				.as("each level of each measure once").hasSize(opened.size());
		assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult()).isNotNull();
		assertThat(management.createJobQuery().processInstanceId(instance).activityId("Task_ApplyActions").count())
				.isZero();

		assertThat(reviews.run("MANUAL", false).actions()).as("a review right after: nothing new").isEmpty();
	}
}
