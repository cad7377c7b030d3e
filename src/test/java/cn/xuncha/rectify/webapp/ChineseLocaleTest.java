package cn.xuncha.rectify.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the Simplified Chinese (zh) translation of the Camunda webapps that this project ships under
 * {@code src/main/resources/META-INF/resources/webjars/camunda/app/<app>/}.
 *
 * <p>The webapps pick the locale file from the first browser language, cut at '-' and lower-cased
 * (zh-CN -> {@code locales/zh.json}), if it is listed in {@code availableLocales} of the app's
 * {@code scripts/config.js}; otherwise they use {@code fallbackLocale}. The project's copies of these
 * files come before the camunda-webapp-webjar on the classpath, so they override / extend it.
 */
class ChineseLocaleTest {

	private static final String WEBJAR_APP = "/META-INF/resources/webjars/camunda/app/";
	private static final Path PROJECT_APP =
			baseDir().resolve("src/main/resources/META-INF/resources/webjars/camunda/app");

	/** {{placeholder}}, moment's %d / %s and the "{}" counter used by a few cockpit labels. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}|%[sd]|\\{}");

	/** Real HTML markup in labels (not the "<null>" / "<Operation>" pseudo values). */
	private static final Pattern HTML_TAG =
			Pattern.compile("</?(?:a|br|strong|b|i|em|span|p|code)\\b[^>]*>");

	private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");
	private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");

	/**
	 * Values that may stay as in English: product / format names, ids, date-format tokens, operators.
	 */
	private static final Set<String> SAME_AS_ENGLISH_ALLOWED =
			Set.of(
					"Camunda",
					"Optimize",
					"ID",
					"ID*",
					"CSV",
					"JSON",
					"",
					"<",
					"<=",
					">",
					">=",
					"L",
					"HH:mm",
					"YYYY-MM-DDTHH:mm:ss");

	private static final Set<String> ALLOWED_WITHOUT_CHINESE =
			Set.of("YYYY-MM-DD", "dddd LT", "（cockpit 或 tasklist *）");

	private static final ObjectMapper MAPPER = new ObjectMapper();

	@ParameterizedTest
	@ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
	void zhHasSameKeysAndPlaceholdersAsEnglishAndIsTranslated(String app) throws IOException {
		Map<String, JsonNode> en = flatten(readJson(webjarResource(app, "locales/en.json")));
		Path zhFile = PROJECT_APP.resolve(app).resolve("locales/zh.json");
		assertTrue(Files.isRegularFile(zhFile), "missing " + zhFile);
		Map<String, JsonNode> zh = flatten(readJson(Files.readString(zhFile, StandardCharsets.UTF_8)));

		assertEquals(en.keySet(), zh.keySet(), app + ": zh.json must have exactly the keys of en.json");
		assertTrue(en.size() > 100, app + ": suspiciously few keys in en.json: " + en.size());

		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : en.entrySet()) {
			String key = entry.getKey();
			JsonNode enValue = entry.getValue();
			JsonNode zhValue = zh.get(key);
			if (!enValue.isTextual()) {
				if (!enValue.equals(zhValue)) {
					problems.add(key + ": non-text value changed: " + enValue + " -> " + zhValue);
				}
				continue;
			}
			if (!zhValue.isTextual()) {
				problems.add(key + ": not a string");
				continue;
			}
			String e = enValue.asText();
			String z = zhValue.asText();
			if (!sorted(PLACEHOLDER, e).equals(sorted(PLACEHOLDER, z))) {
				problems.add(key + ": placeholders differ: " + sorted(PLACEHOLDER, e) + " vs " + sorted(PLACEHOLDER, z));
			}
			if (!sorted(HTML_TAG, e).equals(sorted(HTML_TAG, z))) {
				problems.add(key + ": HTML tags differ: " + sorted(HTML_TAG, e) + " vs " + sorted(HTML_TAG, z));
			}
			if (e.chars().filter(c -> c == '\n').count() != z.chars().filter(c -> c == '\n').count()) {
				problems.add(key + ": line breaks differ");
			}
			if (e.equals(z) && !SAME_AS_ENGLISH_ALLOWED.contains(e)) {
				problems.add(key + ": not translated: '" + e + "'");
			} else if (!z.isEmpty()
					&& LATIN_WORD.matcher(stripMarkup(e)).find()
					&& !CJK.matcher(z).find()
					&& !SAME_AS_ENGLISH_ALLOWED.contains(z)
					&& !ALLOWED_WITHOUT_CHINESE.contains(z)) {
				problems.add(key + ": no Chinese in '" + z + "' (English: '" + e + "')");
			}
		}
		if (!problems.isEmpty()) {
			fail(app + ": " + problems.size() + " problem(s):\n" + String.join("\n", problems));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
	void configListsZhFirstAndFallsBackToZh(String app) throws IOException {
		Path config = PROJECT_APP.resolve(app).resolve("scripts/config.js");
		assertTrue(Files.isRegularFile(config), "missing " + config);
		String js = withoutLineComments(Files.readString(config, StandardCharsets.UTF_8));

		Matcher available =
				Pattern.compile("['\"]?availableLocales['\"]?\\s*:\\s*\\[([^\\]]*)]").matcher(js);
		assertTrue(available.find(), app + ": no active availableLocales in config.js");
		List<String> locales =
				Pattern.compile("['\"]([^'\"]+)['\"]")
						.matcher(available.group(1))
						.results()
						.map(m -> m.group(1))
						.collect(Collectors.toList());
		assertEquals(List.of("zh", "en", "de"), locales, app + ": availableLocales");
		assertFalse(available.find(), app + ": availableLocales declared twice");

		Matcher fallback =
				Pattern.compile("['\"]?fallbackLocale['\"]?\\s*:\\s*['\"]([^'\"]+)['\"]").matcher(js);
		assertTrue(fallback.find(), app + ": no active fallbackLocale in config.js");
		assertEquals("zh", fallback.group(1), app + ": fallbackLocale");

		// every declared locale must have a file, otherwise the webapp shows a configuration error
		for (String locale : locales) {
			String file = "locales/" + locale + ".json";
			boolean inProject = Files.isRegularFile(PROJECT_APP.resolve(app).resolve(file));
			boolean inWebjar = webjarResourceUrl(app, file) != null;
			assertTrue(inProject || inWebjar, app + ": " + file + " exists neither in project nor webjar");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
	void projectCopiesComeFirstOnTheClasspath(String app) throws IOException {
		// the webapp resources are served from classpath:/META-INF/resources/webjars/camunda/...,
		// where the first match wins: the project's classes come before the webjar
		URL config = ChineseLocaleTest.class.getResource(WEBJAR_APP + app + "/scripts/config.js");
		assertNotNull(config);
		assertFalse(config.toString().contains("camunda-webapp-webjar"), "webjar copy wins: " + config);
		try (InputStream in = config.openStream()) {
			String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(js.contains("'zh'") || js.contains("\"zh\""), app + ": classpath config.js lacks zh");
		}
		assertNotNull(
				ChineseLocaleTest.class.getResource(WEBJAR_APP + app + "/locales/zh.json"),
				app + ": zh.json not on the classpath");
	}

	// ---------------------------------------------------------------------------------------------

	private static Path baseDir() {
		return Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
	}

	/** The webjar's own copy (en.json is not overridden by the project, but be explicit). */
	private static URL webjarResourceUrl(String app, String file) throws IOException {
		String name = (WEBJAR_APP + app + "/" + file).substring(1);
		Enumeration<URL> urls = ChineseLocaleTest.class.getClassLoader().getResources(name);
		URL first = null;
		for (URL url : Collections.list(urls)) {
			if (url.toString().contains("camunda-webapp-webjar")) {
				return url;
			}
			if (first == null) {
				first = url;
			}
		}
		return first;
	}

	private static String webjarResource(String app, String file) throws IOException {
		URL url = webjarResourceUrl(app, file);
		assertNotNull(url, "webjar resource not on the test classpath: " + app + "/" + file);
		try (InputStream in = url.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static JsonNode readJson(String text) throws IOException {
		if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
			text = text.substring(1); // en.json ships with a UTF-8 BOM
		}
		return MAPPER.readTree(text);
	}

	/** path -> leaf value; arrays use [i]. */
	private static Map<String, JsonNode> flatten(JsonNode root) {
		Map<String, JsonNode> out = new TreeMap<>();
		flatten("", root, out);
		return out;
	}

	private static void flatten(String path, JsonNode node, Map<String, JsonNode> out) {
		if (node.isObject()) {
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), out);
			}
		} else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				flatten(path + "[" + i + "]", node.get(i), out);
			}
		} else {
			out.put(path, node);
		}
	}

	private static List<String> sorted(Pattern pattern, String text) {
		return pattern.matcher(text).results().map(m -> m.group()).sorted().collect(Collectors.toList());
	}

	private static String stripMarkup(String text) {
		return HTML_TAG.matcher(PLACEHOLDER.matcher(text).replaceAll("")).replaceAll("");
	}

	private static String withoutLineComments(String js) {
		return js.lines()
				.filter(line -> !line.trim().startsWith("//"))
				.collect(Collectors.joining("\n"));
	}
}
