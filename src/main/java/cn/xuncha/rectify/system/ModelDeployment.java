package cn.xuncha.rectify.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys bpmn/ and forms/ under their folder-relative names ("forms/submit-evidence.html"), which is what
 * {@code embedded:deployment:} form keys resolve against; only a changed set makes a new deployment, so several
 * nodes on one database deploy once.
 */
@Component
class ModelDeployment extends AbstractProcessEnginePlugin {

	static final String NAME = "rectification";
	private static final String[] PATTERNS = { "classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.dmn", "classpath*:forms/*.form",
			"classpath*:forms/*.html" };

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		var deployment = engine.getRepositoryService().createDeployment().name(NAME).source(NAME)
				.enableDuplicateFiltering(true);
		var resolver = new PathMatchingResourcePatternResolver();
		try {
			for (String pattern : PATTERNS) {
				String folder = pattern.substring("classpath*:".length(), pattern.indexOf('/') + 1);
				Resource[] resources = resolver.getResources(pattern);
				Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
				for (Resource resource : resources) {
					try (InputStream in = resource.getInputStream()) {
						deployment.addInputStream(folder + resource.getFilename(), in);
					}
				}
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read the models in bpmn/ and forms/", e);
		}
		deployment.deploy();
	}
}
