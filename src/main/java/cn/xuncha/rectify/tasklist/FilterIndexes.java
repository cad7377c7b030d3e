package cn.xuncha.rectify.tasklist;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Adds the indexes the shared filters need on Camunda's task table ({@value #SCRIPT}) once the engine has created
 * its tables: every filter sorts by due date, 已逾期 selects by it, 督办事项 by the task definition.
 */
@Component
class FilterIndexes extends AbstractProcessEnginePlugin {

	static final String SCRIPT = "db/engine/filter-indexes.sql";

	private final DataSource dataSource;

	FilterIndexes(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		var script = new ResourceDatabasePopulator(new ClassPathResource(SCRIPT));
		script.setSqlScriptEncoding("UTF-8");
		script.execute(dataSource);
	}
}
