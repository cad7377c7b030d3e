package cn.xuncha.rectify.security;

import java.io.IOException;

import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.system.ApiErrors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Cockpit and Admin plugin APIs (/camunda/api/cockpit/**, /camunda/api/admin/plugin/**) answer only the people
 * who may open that webapp: a staff session that never sees Cockpit does not read its statistics either. Camunda
 * computes the webapps a person may open at login (APPLICATION grants, security/RoleAuthorizations).
 */
class WebappPluginAccessFilter extends OncePerRequestFilter {

	private final String application;

	private final ObjectMapper json;

	WebappPluginAccessFilter(String application, ObjectMapper json) {
		this.application = application;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var session = request.getSession(false);
		var authentications = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
		var person = authentications == null ? null
				: authentications.getAuthenticationForProcessEngine(LoginFilter.ENGINE);
		if (person instanceof UserAuthentication user && (user.getAuthorizedApps() == null
				|| !user.getAuthorizedApps().contains(application))) {
			ApiErrors.write(response, json, HttpStatus.FORBIDDEN, "AuthorizationException",
					"没有 " + application + " 的访问权限 (forbidden: no access to the " + application + " webapp)");
			return;
		}
		// without a login the webapp answers 401 itself
		chain.doFilter(request, response);
	}
}
