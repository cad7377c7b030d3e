package cn.xuncha.rectify.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.system.Limits;

/**
 * Nothing open without login but the health probes: /engine-rest by HTTP Basic, the project's /api and /pages and
 * Actuator's /actuator by {@link LoginFilter}. Before
 * any of them every request body is bounded ({@link BodyLimitFilter}) and the project's answers get their browser
 * protections ({@link SecurityHeadersFilter}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String HEALTH = "/api/health";

	/** Actuator's probes, open like {@link #HEALTH}; every other Actuator endpoint needs a login. */
	static final Set<String> PROBES = Set.of("/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness");

	/** Operations figures (the Prometheus scrape) are for the office and the administrator. */
	static final Map<String, List<String>> RESTRICTED = Map.of("/actuator/", List.of("office", "camunda-admin"));

	/** Where an evidence file arrives: a task form submitted through the engine's REST API or Tasklist's. */
	static final List<String> UPLOAD_PATHS = List.of("/engine-rest/task/*/submit-form",
			"/engine-rest/engine/*/task/*/submit-form", "/camunda/api/engine/engine/*/task/*/submit-form");

	/** A whole round's ledger as JSON or outline text. */
	static final List<String> IMPORT_PATHS = List.of("/api/rounds", "/api/rounds/import-text");

	@Bean
	BodyLimits bodyLimits(Limits limits, @Value("${rectify.max-upload-bytes:10485760}") long maxUploadBytes,
			ObjectMapper json) {
		var rules = new ArrayList<BodyLimits.Rule>();
		UPLOAD_PATHS.forEach(p -> rules.add(new BodyLimits.Rule(p, limits.uploadBodyBytes(maxUploadBytes))));
		IMPORT_PATHS.forEach(p -> rules.add(new BodyLimits.Rule(p, limits.importBody().toBytes())));
		return new BodyLimits(rules, limits.requestBody().toBytes(), json);
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> boundRequestBodies(BodyLimits limits) {
		var registration = new FilterRegistrationBean<>(new BodyLimitFilter(limits));
		registration.setName("bound-request-bodies");
		registration.addUrlPatterns("/*");
		// before every filter that might read a body, the logins and Camunda's webapp filters included
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeaders() {
		var registration = new FilterRegistrationBean<>(new SecurityHeadersFilter());
		registration.setName("security-headers");
		registration.addUrlPatterns("/api/*", "/pages/*");
		// before the login, so that a 401 carries the headers too
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestLogin() {
		var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
		registration.setName("engine-rest-login");
		registration.addUrlPatterns("/engine-rest/*");
		registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
				HttpBasicAuthenticationProvider.class.getName());
		return registration;
	}

	@Bean
	FilterRegistrationBean<SerializedVariableFilter> rejectJavaSerializedVariables(BodyLimits limits) {
		var registration = new FilterRegistrationBean<>(new SerializedVariableFilter(limits));
		registration.setName("reject-java-serialized-variables");
		registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<WebappPluginAccessFilter> cockpitPluginAccess(ObjectMapper json) {
		var registration = new FilterRegistrationBean<>(new WebappPluginAccessFilter(RoleAuthorizations.COCKPIT, json));
		registration.setName("cockpit-plugin-access");
		registration.addUrlPatterns("/camunda/api/cockpit/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<WebappPluginAccessFilter> adminPluginAccess(ObjectMapper json) {
		var registration = new FilterRegistrationBean<>(new WebappPluginAccessFilter("admin", json));
		registration.setName("admin-plugin-access");
		registration.addUrlPatterns("/camunda/api/admin/plugin/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<LoginFilter> projectLogin(IdentityService identity, ObjectMapper json) {
		var open = new HashSet<>(PROBES);
		open.add(HEALTH);
		var registration = new FilterRegistrationBean<>(new LoginFilter(identity, Set.copyOf(open), RESTRICTED, json));
		registration.setName("project-login");
		registration.addUrlPatterns("/api/*", "/pages/*", "/actuator/*");
		return registration;
	}
}
