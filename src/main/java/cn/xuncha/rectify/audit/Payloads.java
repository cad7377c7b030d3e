package cn.xuncha.rectify.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The payload of an audit record as canonical JSON (keys sorted, no white space, strings only for values that are
 * not numbers or booleans), so that the same fact always hashes the same; and SHA-256 in hex.
 */
final class Payloads {

	/** Longer values are cut here; the record keeps the full value's length and SHA-256. */
	static final int MAX_VALUE_CHARS = 20_000;

	// Not Spring's mapper on purpose: a record's hash must not change with spring.jackson.* settings.
	private static final ObjectMapper MAPPER = JsonMapper.builder()
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
			.build();
	private static final TypeReference<TreeMap<String, Object>> MAP = new TypeReference<>() {
	};

	private Payloads() {
	}

	static Map<String, Object> map() {
		return new TreeMap<>();
	}

	static String json(Map<String, Object> payload) {
		try {
			return MAPPER.writeValueAsString(payload);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	static Map<String, Object> read(String json) {
		try {
			return MAPPER.readValue(json, MAP);
		}
		catch (JsonProcessingException e) {
			// A payload altered into something that is not JSON still shows, as text.
			Map<String, Object> broken = map();
			broken.put("unreadable", json);
			return broken;
		}
	}

	/** Puts a possibly long text, cut to {@link #MAX_VALUE_CHARS} with the full text's length and hash. */
	static void putText(Map<String, Object> payload, String name, String value) {
		if (value == null) {
			return;
		}
		if (value.length() <= MAX_VALUE_CHARS) {
			payload.put(name, value);
			return;
		}
		payload.put(name, value.substring(0, MAX_VALUE_CHARS));
		payload.put(name + "Length", value.length());
		payload.put(name + "Sha256", sha256(value.getBytes(StandardCharsets.UTF_8)));
	}

	static String sha256(byte[] content) {
		return HexFormat.of().formatHex(digest().digest(content));
	}

	static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static String string(Object value) {
		return value == null ? null : value.toString();
	}
}
