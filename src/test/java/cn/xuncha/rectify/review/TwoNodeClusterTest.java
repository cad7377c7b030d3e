package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BooleanSupplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import cn.xuncha.rectify.RectificationApplication;
import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/**
 * Two application nodes on one PostgreSQL, as in production (issue 9, item 4): one embedded PostgreSQL server, two
 * Spring Boot contexts of the whole application on it, each with its own process engine, engine hostname, connection
 * pool and running job executor. The review's chunk jobs ({@code Task_ApplyActions}) are shared work: whichever
 * node's job executor acquires a chunk applies it.
 * <ul>
 * <li>Reviews started on both nodes at the same moment open each escalation once, and both nodes' job executors
 * drain the chunk jobs.</li>
 * <li>A node closed in the middle of a review leaves its chunks to the other node, which finishes the review with
 * every planned action applied once.</li>
 * </ul>
 * Both nodes run in this JVM, so they share the engine's static clock ({@link ClockUtil}); rounds are set up on a
 * clock set back, the reviews run on the real one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeClusterTest {

	private static final Logger log = LoggerFactory.getLogger(TwoNodeClusterTest.class);

	/** Actions per chunk job: small, so a review of a few dozen measures makes many jobs. */
	private static final int CHUNK = 2;
	private static final int PROBLEMS = 6;
	private static final int MEASURES_PER_PROBLEM = 8;
	private static final Duration PATIENCE = Duration.ofSeconds(120);
	private static final String[][] DEPARTMENTS = { { "dept-law", "staff-law", "leader2" },
			{ "dept-hr", "staff-hr", "leader2" }, { "dept-river", "staff-river", "leader1" },
			{ "dept-finance", "staff-finance", "leader1" }, { "dept-eng", "staff-eng", "leader2" },
			{ "dept-maint", "staff-maint", "leader1" } };

	static EmbeddedPostgres postgres;
	static Path dataDir;
	static ConfigurableApplicationContext nodeA;
	static ConfigurableApplicationContext nodeB;
	static JdbcClient db;

	@BeforeAll
	static void startClusterOnOnePostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
		db = JdbcClient.create(postgres.getPostgresDatabase());
		dataDir = Files.createTempDirectory("rectify-cluster");
		// One after the other, as a rolling start would: the first creates the schema (engine and Flyway), and
		// loads the demo (its people are the fixtures' users); the second finds both up to date.
		nodeA = node("node-a", true);
		nodeB = node("node-b", false);
	}

	@AfterAll
	static void stopCluster() throws IOException {
		ClockUtil.reset();
		try {
			for (var node : new ConfigurableApplicationContext[] { nodeB, nodeA }) {
				if (node != null && node.isActive()) {
					node.close();
				}
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	private static ConfigurableApplicationContext node(String hostname, boolean demo) {
		String engine = hostname.replace("-", "");
		// Command-line arguments outrank application.yaml.
		return new SpringApplicationBuilder(RectificationApplication.class).run(
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.datasource.hikari.maximum-pool-size=10",
				// Each node its own web server on a free port (the engine REST's auto-configuration needs one). The
				// test talks to each node through its beans: the engine REST resolves the engine named "default" from
				// a static registry, and neither node's engine is called that.
				"--server.port=0",
				"--camunda.bpm.process-engine-name=" + engine,
				"--camunda.bpm.generic-properties.properties.hostname=" + hostname,
				"--camunda.bpm.job-execution.enabled=true",
				"--camunda.bpm.job-execution.lock-time-in-millis=5000",
				"--camunda.bpm.job-execution.wait-time-in-millis=200",
				"--camunda.bpm.job-execution.max-wait=1000",
				"--rectify.review.action-chunk=" + CHUNK,
				"--rectify.demo.enabled=" + demo,
				"--rectify.data-dir=" + dataDir.resolve(hostname),
				"--rectify.audit.key=dGVzdC1vbmx5IGF1ZGl0IGNoYWluIGtleSAzMmJ5dGU=");
	}

	@Test
	@Order(1)
	void concurrentReviewsOnBothNodesOpenEachEscalationOnceAndBothNodesDrainTheChunks() throws Exception {
		String round = setUpOverdueRound(nodeA, "CLUSTER-A");

		var barrier = new CyclicBarrier(2);
		var onA = CompletableFuture.supplyAsync(() -> startReviewTogether(nodeA, barrier));
		var onB = CompletableFuture.supplyAsync(() -> startReviewTogether(nodeB, barrier));
		List<Started> started = List.of(onA.get(), onB.get());

		waitUntil("every chunk job has run and both reviews are DONE", () -> chunkJobsLeft() == 0
				&& started.stream().allMatch(s -> "DONE".equals(progress(nodeB, s.reviewId()).state())));

		List<Long> ids = started.stream().map(Started::reviewId).toList();
		var planned = plannedActions(ids, round);
		assertThat(planned).as("every measure of the round is overdue: one action each, in one review or the other")
				.hasSize(PROBLEMS * MEASURES_PER_PROBLEM).doesNotHaveDuplicates();
		assertThat(db.sql("select count(*) from rect_review_action where review_id in (:ids) and status <> 'APPLIED'")
				.param("ids", ids).query(Long.class).single()).as("nothing left pending or skipped").isZero();
		var opened = openedEscalations(round);
		assertThat(opened).as("each (measure, level) opened exactly once, as planned")
				.doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(planned);
		assertThat(duplicateEscalations()).as("no level of any measure opened twice").isEmpty();

		var instances = new ArrayList<>(started.stream().map(Started::instanceId).toList());
		assertThat(failedChunks(instances)).as("no chunk job failed").isZero();

		// The chunk jobs of one review are exclusive jobs of one process instance: Camunda lets one node at a time
		// hold them, and the node whose review committed them is woken first (its job executor's hint). So the
		// other node shows its share on the next review, started on it: a second round, nothing of the first again.
		String planner = chunkExecutors(instances).get(0);
		var other = "node-a".equals(planner) ? nodeB : nodeA;
		String round2 = setUpOverdueRound(other, "CLUSTER-A2");
		Started next = startReview(other);
		waitUntil("the next review is DONE", () -> chunkJobsLeft() == 0
				&& "DONE".equals(progress(nodeB, next.reviewId()).state()));
		assertThat(plannedActions(List.of(next.reviewId()), round)).as("the first round: nothing new").isEmpty();
		var planned2 = plannedActions(List.of(next.reviewId()), round2);
		assertThat(planned2).hasSize(PROBLEMS * MEASURES_PER_PROBLEM).doesNotHaveDuplicates();
		assertThat(openedEscalations(round2)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(planned2);
		assertThat(openedEscalations(round)).as("the first round unchanged").hasSameSizeAs(planned);
		assertThat(duplicateEscalations()).isEmpty();

		instances.add(next.instanceId());
		log.info("Chunk jobs per node, concurrent reviews and the next one: {}", chunksPerNode(instances));
		assertThat(chunkExecutors(instances)).as("hosts whose job executor applied chunks")
				.containsExactlyInAnyOrder("node-a", "node-b");
		assertThat(failedChunks(instances)).as("no chunk job failed").isZero();
	}

	@Test
	@Order(2)
	void aNodeClosedMidReviewLeavesTheRestToTheOtherNode() throws Exception {
		String round = setUpOverdueRound(nodeB, "CLUSTER-B");
		// Node B's job executor waits, so the review's chunks start on node A, and node A dies holding the rest.
		JobExecutor executorB = jobExecutor(nodeB);
		executorB.shutdown();
		Started review;
		int appliedWhenClosed;
		try {
			review = startReview(nodeA);
			var planned = progress(nodeA, review.reviewId());
			assertThat(planned.chunks()).isGreaterThan(10);
			waitUntil("node A applied a chunk", () -> appliedActions(review.reviewId()) > 0);
			nodeA.close();
			appliedWhenClosed = appliedActions(review.reviewId());
			assertThat(appliedWhenClosed).as("node A died mid-review").isLessThan(planned.actionsPlanned());
		}
		finally {
			executorB.start();
		}

		waitUntil("node B finished the review", () -> chunkJobsLeft() == 0
				&& "DONE".equals(progress(nodeB, review.reviewId()).state()));

		var progress = progress(nodeB, review.reviewId());
		assertThat(progress.actionsApplied()).isEqualTo(progress.actionsPlanned());
		var planned = plannedActions(List.of(review.reviewId()), round);
		assertThat(planned).hasSize(PROBLEMS * MEASURES_PER_PROBLEM).doesNotHaveDuplicates();
		assertThat(db.sql("select count(*) from rect_review_action where review_id = ? and status <> 'APPLIED'")
				.param(review.reviewId()).query(Long.class).single()).as("nothing lost").isZero();
		assertThat(openedEscalations(round)).as("nothing doubled").doesNotHaveDuplicates()
				.containsExactlyInAnyOrderElementsOf(planned);
		assertThat(duplicateEscalations()).isEmpty();
		log.info("Node A closed after {} of {} actions; chunk jobs per node: {}", appliedWhenClosed,
				progress.actionsPlanned(), chunksPerNode(List.of(review.instanceId())));
		assertThat(chunkExecutors(List.of(review.instanceId()))).as("node A began, node B finished")
				.containsExactlyInAnyOrder("node-a", "node-b");
	}

	// --- the round

	/**
	 * A round of {@value #PROBLEMS} problems in six departments, {@value #MEASURES_PER_PROBLEM} measures each, planned
	 * and approved 30 days ago with deadlines 7 to 27 days past: every measure is overdue (催办, or 督办 beyond 15
	 * days).
	 */
	private static String setUpOverdueRound(ConfigurableApplicationContext node, String prefix) {
		LocalDate start = LocalDate.now(Now.CHINA).minusDays(30);
		var identity = node.getBean(IdentityService.class);
		var walk = new Walk(node.getBean(TaskService.class), identity);
		String key = prefix + "-" + System.nanoTime() % 100000;
		ClockUtil.setCurrentTime(Now.endOfDay(start));
		try {
			List<RoundDraft.ProblemDraft> problems = new ArrayList<>();
			for (String[] d : DEPARTMENTS) {
				problems.add(new RoundDraft.ProblemDraft("集群测试问题 " + d[0], d[0], d[2], List.of()));
			}
			identity.setAuthentication("office", List.of("office"));
			try {
				node.getBean(RoundService.class).create(new RoundDraft(key, "双节点测试", null, null, null,
						List.of(new RoundDraft.CategoryDraft("测试类别", problems))));
			}
			finally {
				identity.clearAuthentication();
			}
			walk.complete(key, "Task_RegisterFeedback", "office", Map.of());
			for (int p = 0; p < PROBLEMS; p++) {
				String[] d = DEPARTMENTS[p];
				List<Map<String, Object>> measures = new ArrayList<>();
				for (int m = 0; m < MEASURES_PER_PROBLEM; m++) {
					measures.add(Map.of("text", "整改措施 " + (m + 1), "responsiblePerson", d[1], "deadline",
							start.plusDays(3 + 4 * p).toString(), "type", "FIXED"));
				}
				walk.complete(key + "-P" + (p + 1), "Task_DraftPlan", d[1], Map.of("measures", measures));
				walk.complete(key + "-P" + (p + 1), "Task_ReviewPlan", d[2], Map.of("planDecision", "approve"));
			}
		}
		finally {
			ClockUtil.reset();
		}
		return key;
	}

	// --- reviews

	record Started(String instanceId, long reviewId) {
	}

	private static Started startReviewTogether(ConfigurableApplicationContext node, CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
		return startReview(node);
	}

	/** As the office starts one: the review process, through the node's own engine. */
	private static Started startReview(ConfigurableApplicationContext node) {
		var identity = node.getBean(IdentityService.class);
		var runtime = node.getBean(RuntimeService.class);
		identity.setAuthentication("office", List.of("office"));
		try {
			String instance = node.getBean(Privileged.class)
					.call(() -> runtime.createProcessInstanceByKey("halfMonthlyReview").setVariable("trigger", "MANUAL")
							.startBeforeActivity("Task_EvaluateMeasures").execute())
					.getId();
			return new Started(instance, ((Number) runtime.getVariable(instance, "reviewId")).longValue());
		}
		finally {
			identity.clearAuthentication();
		}
	}

	private static ReviewService.Progress progress(ConfigurableApplicationContext node, long reviewId) {
		return node.getBean(ReviewService.class).progress(reviewId);
	}

	private static JobExecutor jobExecutor(ConfigurableApplicationContext node) {
		return ((ProcessEngineConfigurationImpl) node.getBean(ProcessEngine.class).getProcessEngineConfiguration())
				.getJobExecutor();
	}

	// --- what the database shows

	private static long chunkJobsLeft() {
		return nodeB.getBean(ManagementService.class).createJobQuery().activityId("Task_ApplyActions").count();
	}

	private static int appliedActions(long reviewId) {
		return db.sql("select count(*) from rect_review_action where review_id = ? and status = 'APPLIED'")
				.param(reviewId).query(Integer.class).single();
	}

	/** measure:level of every action the reviews planned for the round's measures. */
	private static List<String> plannedActions(List<Long> reviewIds, String round) {
		return db.sql("""
				select measure_key || ':' || level from rect_review_action
				where review_id in (:ids) and measure_key like :round""").param("ids", reviewIds)
				.param("round", round + "-%").query(String.class).list();
	}

	/** measure:level of every escalation of the round's measures. */
	private static List<String> openedEscalations(String round) {
		return db.sql("""
				select m.measure_key || ':' || e.level from rect_escalation e join rect_measure m on m.id = e.measure_id
				where m.measure_key like ?""").param(round + "-%").query(String.class).list();
	}

	/** Levels opened twice for one measure by any review and still or again open. */
	private static List<String> duplicateEscalations() {
		return db.sql("""
				select measure_id || ':' || level from rect_escalation where resolved_at is null
				group by measure_id, level having count(*) > 1""").query(String.class).list();
	}

	/** The hosts whose job executor ran a chunk job of these review instances successfully. */
	private static List<String> chunkExecutors(List<String> instances) {
		return db.sql("""
				select distinct hostname_ from act_hi_job_log
				where act_id_ = 'Task_ApplyActions' and job_state_ = 2 and process_instance_id_ in (:ids)""")
				.param("ids", instances).query(String.class).list();
	}

	private static Map<String, Long> chunksPerNode(List<String> instances) {
		var counts = new java.util.TreeMap<String, Long>();
		db.sql("""
				select hostname_, count(*) from act_hi_job_log
				where act_id_ = 'Task_ApplyActions' and job_state_ = 2 and process_instance_id_ in (:ids)
				group by hostname_""").param("ids", instances)
				.query((rs, row) -> counts.put(rs.getString(1), rs.getLong(2))).list();
		return counts;
	}

	private static long failedChunks(List<String> instances) {
		return db.sql("""
				select count(*) from act_hi_job_log
				where act_id_ = 'Task_ApplyActions' and job_state_ = 1 and process_instance_id_ in (:ids)""")
				.param("ids", instances).query(Long.class).single();
	}

	private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited %s for: %s", PATIENCE, what).isLessThan(deadline);
			Thread.sleep(50);
		}
	}
}
