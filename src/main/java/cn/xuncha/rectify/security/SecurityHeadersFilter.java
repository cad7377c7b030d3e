package cn.xuncha.rectify.security;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Browser protections on the project's pages and on every API answer, downloads and errors included: no content
 * from elsewhere, no framing by other sites, no guessing of content types. An answer that states its own policy
 * (the notice HTML, which the notice page frames) replaces the default rather than adding a second one.
 */
class SecurityHeadersFilter extends OncePerRequestFilter {

	static final String CSP = "Content-Security-Policy";
	static final String FRAME_OPTIONS = "X-Frame-Options";
	static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

	/** The pages are plain HTML with their scripts and styles in files of their own: nothing inline, nothing external. */
	static final String PAGE_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/** JSON and downloads run nothing; /pages/notice.html frames the notice HTML, so same-origin framing stays. */
	static final String API_CSP = "default-src 'none'; frame-ancestors 'self'; sandbox";

	private static final Set<String> SINGLE = Set.of(CSP.toLowerCase(Locale.ROOT), FRAME_OPTIONS.toLowerCase(Locale.ROOT),
			CONTENT_TYPE_OPTIONS.toLowerCase(Locale.ROOT));

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean page = request.getRequestURI().startsWith(request.getContextPath() + "/pages/");
		response.setHeader(CSP, page ? PAGE_CSP : API_CSP);
		response.setHeader(FRAME_OPTIONS, page ? "DENY" : "SAMEORIGIN");
		response.setHeader(CONTENT_TYPE_OPTIONS, "nosniff");
		chain.doFilter(request, new SingleValued(response));
	}

	/** Keeps one value of each of these headers: the last one set. */
	private static final class SingleValued extends HttpServletResponseWrapper {

		SingleValued(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void addHeader(String name, String value) {
			if (name != null && SINGLE.contains(name.toLowerCase(Locale.ROOT))) {
				super.setHeader(name, value);
			}
			else {
				super.addHeader(name, value);
			}
		}
	}
}
