package cn.xuncha.rectify.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
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
import jakarta.servlet.http.HttpSession;

/**
 * One login for the project's API and pages: the session of the Camunda webapps (Tasklist, Cockpit, …) or HTTP
 * Basic credentials checked against the Camunda identity service. Without either: 401. A browser session that
 * changes something must also send the webapps' CSRF token (X-XSRF-TOKEN).
 */
class LoginFilter extends OncePerRequestFilter {

	static final String ENGINE = "default";
	static final String WELCOME = "/camunda/app/welcome/default/";
	private static final String CSRF_SESSION_ATTRIBUTE = "CAMUNDA_CSRF_TOKEN";
	private static final String CSRF_HEADER = "X-XSRF-TOKEN";
	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private final IdentityService identity;
	private final Set<String> openPaths;
	/** Path prefixes only some groups may open, whatever the feature behind them. */
	private final Map<String, List<String>> restricted;

	private final ObjectMapper json;

	LoginFilter(IdentityService identity, Set<String> openPaths, Map<String, List<String>> restricted,
			ObjectMapper json) {
		this.identity = identity;
		this.json = json;
		this.openPaths = openPaths;
		this.restricted = restricted;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (openPaths.contains(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		Viewer viewer = fromBasic(request);
		if (viewer == null) {
			viewer = fromSession(request.getSession(false));
			if (viewer != null && !SAFE_METHODS.contains(request.getMethod()) && !csrfTokenMatches(request)) {
				reject(response, HttpStatus.FORBIDDEN,
						"缺少或错误的 CSRF 令牌 (missing or wrong CSRF token: send header X-XSRF-TOKEN)");
				return;
			}
		}
		if (viewer == null && isBrowserPage(request)) {
			// A person opening a page is sent to the webapps' login; the welcome page links back to the pages.
			response.sendRedirect(request.getContextPath() + WELCOME);
			return;
		}
		if (viewer == null) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"rectification\", charset=\"UTF-8\"");
			reject(response, HttpStatus.UNAUTHORIZED,
					"请先登录 (login required: sign in to Tasklist or send HTTP Basic credentials)");
			return;
		}
		if (!mayOpen(viewer, request.getRequestURI().substring(request.getContextPath().length()))) {
			reject(response, HttpStatus.FORBIDDEN, "无权访问 (not for your role)");
			return;
		}
		request.setAttribute(Viewer.ATTRIBUTE, viewer);
		identity.setAuthentication(viewer.userId(), List.copyOf(viewer.groups()));
		try {
			chain.doFilter(request, response);
		}
		finally {
			identity.clearAuthentication();
		}
	}

	private boolean mayOpen(Viewer viewer, String path) {
		return restricted.entrySet().stream().filter(r -> path.startsWith(r.getKey()))
				.allMatch(r -> viewer.isIn(r.getValue().toArray(String[]::new)));
	}

	private static boolean isBrowserPage(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		return "GET".equals(request.getMethod()) && request.getRequestURI().startsWith(request.getContextPath() + "/pages/")
				&& accept != null && accept.contains("text/html");
	}

	private Viewer fromBasic(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
		int colon = decoded.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		String user = decoded.substring(0, colon);
		if (!identity.checkPassword(user, decoded.substring(colon + 1))) {
			return null;
		}
		Set<String> groups = new HashSet<>();
		for (Group g : identity.createGroupQuery().groupMember(user).list()) {
			groups.add(g.getId());
		}
		return new Viewer(user, Set.copyOf(groups));
	}

	private static Viewer fromSession(HttpSession session) {
		if (session == null) {
			return null;
		}
		var authentications = AuthenticationUtil.getAuthsFromSession(session);
		if (authentications == null
				|| !(authentications.getAuthenticationForProcessEngine(ENGINE) instanceof UserAuthentication user)) {
			return null;
		}
		return new Viewer(user.getName(), Set.copyOf(user.getGroupIds()));
	}

	private static boolean csrfTokenMatches(HttpServletRequest request) {
		Object expected = request.getSession().getAttribute(CSRF_SESSION_ATTRIBUTE);
		String sent = request.getHeader(CSRF_HEADER);
		return expected != null && sent != null && MessageDigest.isEqual(expected.toString().getBytes(StandardCharsets.UTF_8),
				sent.getBytes(StandardCharsets.UTF_8));
	}

	private void reject(HttpServletResponse response, HttpStatus status, String message) throws IOException {
		ApiErrors.write(response, json, status, null, message);
	}
}
