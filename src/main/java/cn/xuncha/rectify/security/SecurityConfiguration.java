package cn.xuncha.rectify.security;

import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Nothing open without login: /engine-rest by HTTP Basic, the project's /api and /pages by {@link LoginFilter}. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String HEALTH = "/api/health";

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestLogin() {
		var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
		registration.setName("engine-rest-login");
		registration.addUrlPatterns("/engine-rest/*");
		registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
				HttpBasicAuthenticationProvider.class.getName());
		return registration;
	}

	/** The engine REST's error answers, for refusals its resources would otherwise blur (see the mapper). */
	@Bean
	ResourceConfigCustomizer engineRestRefusals() {
		return config -> config.register(WrappedRefusalMapper.class);
	}

	@Bean
	FilterRegistrationBean<SerializedVariableFilter> rejectJavaSerializedVariables() {
		var registration = new FilterRegistrationBean<>(new SerializedVariableFilter());
		registration.setName("reject-java-serialized-variables");
		registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<LoginFilter> projectLogin(IdentityService identity) {
		var registration = new FilterRegistrationBean<>(new LoginFilter(identity, Set.of(HEALTH)));
		registration.setName("project-login");
		registration.addUrlPatterns("/api/*", "/pages/*");
		return registration;
	}
}
