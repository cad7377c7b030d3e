package cn.xuncha.rectify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package graph of docs/architecture.md, read from the main sources: features → ledger → system, and between
 * features only the arrows listed here. A new arrow is a design decision: add it here and to the document.
 */
class ArchitectureTest {

	static final Path SOURCES = Path.of("src/main/java/cn/xuncha/rectify");
	static final Pattern REFERENCE = Pattern.compile("\\bcn\\.xuncha\\.rectify\\.([a-z]+)\\.");

	/** What each package may use besides itself. */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
			// the floor: no project package below these
			Map.entry("system", Set.of()), Map.entry("calendar", Set.of()), Map.entry("identity", Set.of()),
			Map.entry("notify", Set.of()), Map.entry("security", Set.of("system")),
			// the ledger owns rounds, problems, measures and their rules
			Map.entry("ledger", Set.of("system", "security", "identity")),
			// features
			Map.entry("round", Set.of("ledger", "system", "security", "identity")),
			Map.entry("plan", Set.of("ledger", "system", "security", "identity")),
			Map.entry("measure", Set.of("ledger", "calendar", "system", "security", "identity")),
			Map.entry("escalation", Set.of("measure", "notify", "ledger", "system", "security", "identity")),
			Map.entry("review",
					Set.of("escalation", "measure", "calendar", "ledger", "system", "security", "identity")),
			Map.entry("audit", Set.of("escalation", "measure", "ledger", "system", "security", "identity")),
			Map.entry("report",
					Set.of("audit", "escalation", "review", "measure", "round", "notify", "ledger", "system", "security",
							"identity")),
			Map.entry("tasklist", Set.of("ledger", "escalation", "system", "security", "identity")),
			// the demo seeds every feature
			Map.entry("demo", Set.of("round", "plan", "measure", "review", "escalation", "audit", "ledger", "system",
					"security", "identity", "calendar", "notify")));

	@Test
	void packagesDependOnlyAlongTheAllowedArrows() throws IOException {
		Map<String, Set<String>> actual = dependencies();
		assertThat(ALLOWED.keySet()).as("every package is in docs/architecture.md and this test")
				.containsAll(actual.keySet());
		List<String> wrong = new ArrayList<>();
		actual.forEach((from, targets) -> targets.stream().filter(to -> !ALLOWED.get(from).contains(to))
				.forEach(to -> wrong.add(from + " → " + to)));
		assertThat(wrong).as("arrows not allowed").isEmpty();
	}

	@Test
	void theAllowedArrowsHaveNoCycle() {
		for (String start : ALLOWED.keySet()) {
			assertThat(reachable(start)).as("%s reaches itself", start).doesNotContain(start);
		}
	}

	private static Set<String> reachable(String from) {
		Set<String> seen = new TreeSet<>();
		List<String> todo = new ArrayList<>(ALLOWED.get(from));
		while (!todo.isEmpty()) {
			String next = todo.remove(todo.size() - 1);
			if (seen.add(next)) {
				todo.addAll(ALLOWED.getOrDefault(next, Set.of()));
			}
		}
		return seen;
	}

	private static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> graph = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Path relative = SOURCES.relativize(file);
				if (relative.getNameCount() < 2) {
					continue; // the application class at the root
				}
				String from = relative.getName(0).toString();
				var matcher = REFERENCE.matcher(Files.readString(file));
				Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
				while (matcher.find()) {
					if (!matcher.group(1).equals(from)) {
						targets.add(matcher.group(1));
					}
				}
			}
		}
		return graph;
	}
}
