package cn.xuncha.rectify.bench;

import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;

/**
 * The yardstick: the same Camunda 7.24 on an H2 file database with history FULL, nothing of ours around it. Starts,
 * completes and fires timers of a one-task process, single-threaded, so our figures can be read as ratios to it.
 */
final class BareEngineBaseline {

	private BareEngineBaseline() {
	}

	static Map<String, Double> measure(Path dir, int instances) {
		var configuration = (StandaloneProcessEngineConfiguration) ProcessEngineConfiguration
				.createStandaloneProcessEngineConfiguration();
		configuration.setProcessEngineName("bare-" + System.nanoTime());
		configuration.setJdbcUrl("jdbc:h2:file:" + dir.toAbsolutePath() + "/bare;DB_CLOSE_ON_EXIT=FALSE");
		configuration.setJdbcUsername("sa");
		configuration.setJdbcPassword("");
		configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
		configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
		configuration.setJobExecutorActivate(false);
		configuration.setEnforceHistoryTimeToLive(false);
		ProcessEngine engine = configuration.buildProcessEngine();
		try {
			engine.getRepositoryService().createDeployment()
					.addModelInstance("task.bpmn", Bpmn.createExecutableProcess("bareTask").camundaHistoryTimeToLive(1)
							.startEvent().userTask("work").camundaCandidateGroups("dept").endEvent().done())
					.addModelInstance("timer.bpmn", Bpmn.createExecutableProcess("bareTimer").camundaHistoryTimeToLive(1)
							.startEvent().intermediateCatchEvent().timerWithDate("2000-01-01T00:00:00").endEvent().done())
					.deploy();
			var runtime = engine.getRuntimeService();
			var tasks = engine.getTaskService();
			var management = engine.getManagementService();
			for (int i = 0; i < 200; i++) { // warm
				runtime.startProcessInstanceByKey("bareTask", "warm-" + i);
			}
			long t = System.nanoTime();
			for (int i = 0; i < instances; i++) {
				runtime.startProcessInstanceByKey("bareTask", "key-" + i);
			}
			double startRate = rate(instances, System.nanoTime() - t);
			var open = tasks.createTaskQuery().list();
			t = System.nanoTime();
			for (var task : open) {
				tasks.complete(task.getId());
			}
			double completeRate = rate(open.size(), System.nanoTime() - t);
			for (int i = 0; i < instances; i++) {
				runtime.startProcessInstanceByKey("bareTimer", "timer-" + i);
			}
			var jobs = management.createJobQuery().duedateLowerThan(new Date()).list();
			t = System.nanoTime();
			for (var job : jobs) {
				management.executeJob(job.getId());
			}
			double timerRate = rate(jobs.size(), System.nanoTime() - t);
			var figures = new LinkedHashMap<String, Double>();
			figures.put("startsPerSecond", startRate);
			figures.put("completionsPerSecond", completeRate);
			figures.put("timersPerSecond", timerRate);
			return figures;
		}
		finally {
			engine.close();
		}
	}

	private static double rate(long count, long nanos) {
		return Math.round(count / (nanos / 1e9) * 10) / 10.0;
	}
}
