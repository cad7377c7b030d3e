package cn.xuncha.rectify.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.xuncha.rectify.system.ApiErrors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

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
 * precise 400 before the engine sees the request. It reads the body as JSON, so a format written with escapes
 * ({@code application\/x-…}, {@code \u0061pplication/x-…}) is seen as the engine would see it, and it never reads
 * more than {@link BodyLimits} allows.
 */
class SerializedVariableFilter extends OncePerRequestFilter {

	static final String JAVA_SERIALIZED = "application/x-java-serialized-object";

	/** Where the engine's REST API takes a variable's format from (valueInfo of a typed value). */
	private static final Set<String> FORMAT_FIELDS = Set.of("serializationdataformat", "objecttypename");

	private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

	/** Accepts more than the engine's JSON reader does, so nothing the engine reads escapes this check. */
	private static final JsonFactory LENIENT = JsonFactory.builder()
			.enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
					JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
					JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
					JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
					JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_TRAILING_COMMA,
					JsonReadFeature.ALLOW_MISSING_VALUES)
			.build();

	private final BodyLimits limits;

	SerializedVariableFilter(BodyLimits limits) {
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!WITH_BODY.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		long limit = limits.limitFor(request);
		byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
		if (body.length > limit) {
			limits.answerTooLarge(response, limit);
			return;
		}
		if (carriesJavaSerialization(body)) {
			ApiErrors.write(response, limits.json(), HttpStatus.BAD_REQUEST, "InvalidRequestException",
					"不接受 Java 序列化的变量，请使用 JSON (Java-serialized variables are rejected; use "
							+ "serializationDataFormat application/json)");
			return;
		}
		chain.doFilter(new BufferedRequest(request, body), response);
	}

	/**
	 * True when a format field of the JSON body names Java serialization, or any value is exactly that format, or the
	 * raw text names it (multipart: the binary variable upload names the format as a part's Content-Type). Jackson
	 * detects the encoding (UTF-8, -16, -32) as the engine's reader does.
	 */
	static boolean carriesJavaSerialization(byte[] body) {
		return new String(body, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(JAVA_SERIALIZED)
				|| jsonNamesJavaSerialization(body);
	}

	private static boolean jsonNamesJavaSerialization(byte[] body) {
		try (JsonParser parser = LENIENT.createParser(body)) {
			String field = null;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token == JsonToken.FIELD_NAME) {
					field = parser.currentName().toLowerCase(Locale.ROOT);
				}
				else if (token == JsonToken.VALUE_STRING) {
					String value = parser.getText().strip().toLowerCase(Locale.ROOT);
					if (value.equals(JAVA_SERIALIZED)
							|| field != null && FORMAT_FIELDS.contains(field) && value.contains(JAVA_SERIALIZED)) {
						return true;
					}
				}
			}
			return false;
		}
		catch (IOException notJson) {
			// no JSON (or none the engine would read either): the raw text was searched
			return false;
		}
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
