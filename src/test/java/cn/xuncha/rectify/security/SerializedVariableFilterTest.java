package cn.xuncha.rectify.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Every spelling of the Java serialization format the engine would read is seen; ordinary JSON passes. */
class SerializedVariableFilterTest {

	static final String VARIABLE = "{\"type\":\"Object\",\"value\":\"rO0ABX\",\"valueInfo\":{\"objectTypeName\":"
			+ "\"java.util.ArrayList\",\"serializationDataFormat\":\"%s\"}}";

	@Test
	void formatWrittenPlainOrWithEscapesIsSeen() {
		for (String format : new String[] { "application/x-java-serialized-object",
				"application\\/x-java-serialized-object", "\\u0061pplication/x-java-serialized-object",
				"\\u0061\\u0070\\u0070lication\\/x-java-serialized-object", "Application/X-Java-Serialized-Object" }) {
			assertThat(SerializedVariableFilter.carriesJavaSerialization(VARIABLE.formatted(format).getBytes(UTF_8)))
					.as(format).isTrue();
		}
	}

	@Test
	void formatInUtf16JsonIsSeen() {
		byte[] body = VARIABLE.formatted("application\\/x-java-serialized-object").getBytes(StandardCharsets.UTF_16BE);
		assertThat(SerializedVariableFilter.carriesJavaSerialization(body)).isTrue();
	}

	@Test
	void formatAsAMultipartContentTypeIsSeen() {
		byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"data\"; filename=\"x\"\r\n"
				+ "Content-Type: application/x-java-serialized-object\r\n\r\n\u00ac\u00ed\r\n--b--\r\n")
				.getBytes(StandardCharsets.ISO_8859_1);
		assertThat(SerializedVariableFilter.carriesJavaSerialization(body)).isTrue();
	}

	@Test
	void jsonVariablesAndTextPass() {
		assertThat(SerializedVariableFilter.carriesJavaSerialization(
				VARIABLE.formatted("application/json").getBytes(UTF_8))).isFalse();
		assertThat(SerializedVariableFilter.carriesJavaSerialization(
				"{\"variables\":{\"progressNote\":{\"value\":\"已完成 application/json 改造\"}}}".getBytes(UTF_8))).isFalse();
		assertThat(SerializedVariableFilter.carriesJavaSerialization("{\"broken\": ".getBytes(UTF_8))).isFalse();
	}
}
