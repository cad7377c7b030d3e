package cn.xuncha.rectify.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * The prod profile takes its database and the admin password from the environment (application-prod.yaml). Without
 * one of them the start stops before anything connects, with one line naming the missing variables, instead of a
 * DataSource error ('url' must start with "jdbc") deep in a stack trace. Registered in META-INF/spring.factories;
 * runs after the configuration files are read, so command-line arguments and files may supply the values too.
 */
class ProductionEnvironment implements EnvironmentPostProcessor, Ordered {

	/** A setting of application-prod.yaml and the environment variable it comes from. */
	record Required(String property, String variable, boolean mayBeEmpty) {
	}

	static final List<Required> REQUIRED = List.of(new Required("spring.datasource.url", "RECTIFY_DB_URL", false),
			new Required("spring.datasource.username", "RECTIFY_DB_USER", false),
			new Required("spring.datasource.password", "RECTIFY_DB_PASSWORD", true),
			new Required("rectify.admin-password", "RECTIFY_ADMIN_PASSWORD", false));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		List<String> missing = new ArrayList<>();
		for (Required required : REQUIRED) {
			String value;
			try {
				value = environment.getProperty(required.property());
			}
			catch (IllegalArgumentException unresolved) {
				value = null;
			}
			if (value == null || !required.mayBeEmpty() && value.isBlank()) {
				missing.add(required.variable());
			}
		}
		if (!missing.isEmpty()) {
			throw new MissingVariables(missing);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static final class MissingVariables extends IllegalStateException {

		MissingVariables(List<String> variables) {
			super("prod 配置缺少环境变量 %s (the prod profile needs the environment variables %s)"
					.formatted(String.join(", ", variables), String.join(", ", variables)));
		}
	}

	/** Prints the line without a stack trace (Spring Boot's failure report). */
	static final class MissingVariablesAnalyzer extends AbstractFailureAnalyzer<MissingVariables> {

		@Override
		protected FailureAnalysis analyze(Throwable root, MissingVariables cause) {
			return new FailureAnalysis(cause.getMessage(),
					"设置这些环境变量后重新启动，见 README 配置一节 (set them and start again; see the README, Configuration)",
					cause);
		}
	}
}
