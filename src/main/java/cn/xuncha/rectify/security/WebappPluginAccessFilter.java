package cn.xuncha.rectify.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

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

	WebappPluginAccessFilter(String application) {
		this.application = application;
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
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.setContentType("application/json;charset=UTF-8");
			response.getOutputStream().write(("{\"type\":\"AuthorizationException\",\"message\":\"没有 " + application
					+ " 的访问权限 (forbidden: no access to the " + application + " webapp)\"}")
					.getBytes(StandardCharsets.UTF_8));
			return;
		}
		// without a login the webapp answers 401 itself
		chain.doFilter(request, response);
	}
}
