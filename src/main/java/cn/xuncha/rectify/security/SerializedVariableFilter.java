package cn.xuncha.rectify.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Java-serialized variables are a classic deserialization attack vector. The engine already refuses them
 * (java-serialization-format-enabled: false) but its REST layer reports that as a 500; this filter answers the
 * precise 400 before the engine sees the request.
 */
class SerializedVariableFilter extends OncePerRequestFilter {

	static final String JAVA_SERIALIZED = "application/x-java-serialized-object";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod()) && !"PUT".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		if (new String(body, StandardCharsets.ISO_8859_1).contains(JAVA_SERIALIZED)) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType("application/json;charset=UTF-8");
			response.getOutputStream().write(("{\"type\":\"InvalidRequestException\",\"message\":"
					+ "\"不接受 Java 序列化的变量，请使用 JSON (Java-serialized variables are rejected; use "
					+ "serializationDataFormat application/json)\"}").getBytes(StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(new BufferedRequest(request, body), response);
	}

	/** The request with its body read once and replayed. */
	private static final class BufferedRequest extends HttpServletRequestWrapper {
		private final byte[] body;

		BufferedRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			var in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}
	}
}
