package cn.xuncha.rectify.security;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;

import cn.xuncha.rectify.system.ApiErrors;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * How large a request body may be, by path: an evidence upload carries a base64 file, a round import a whole
 * ledger, everything else a form or a small JSON. Shared by the filters that read bodies so none reads past it.
 */
class BodyLimits {

	/** Requests to paths matching {@code pattern} (Ant style, without the context path) may carry maxBytes. */
	record Rule(String pattern, long maxBytes) {
	}

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final List<Rule> rules;
	private final long defaultMaxBytes;
	private final ObjectMapper json;

	BodyLimits(List<Rule> rules, long defaultMaxBytes, ObjectMapper json) {
		this.rules = List.copyOf(rules);
		this.defaultMaxBytes = defaultMaxBytes;
		this.json = json;
	}

	long limitFor(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		for (Rule rule : rules) {
			if (PATHS.match(rule.pattern(), path)) {
				return rule.maxBytes();
			}
		}
		return defaultMaxBytes;
	}

	/** The 413 every oversized request gets, in the project's error shape and the engine's ("type"). */
	void answerTooLarge(HttpServletResponse response, long limit) throws IOException {
		response.reset();
		response.setHeader("X-Content-Type-Options", "nosniff");
		ApiErrors.write(response, json, HttpStatus.PAYLOAD_TOO_LARGE, "PayloadTooLargeException",
				"请求体过大，上限 %d 字节 (request body too large: limit %d bytes)".formatted(limit, limit));
		response.flushBuffer();
	}

	/** The mapper the filters that share these limits write their error bodies with. */
	ObjectMapper json() {
		return json;
	}
}
