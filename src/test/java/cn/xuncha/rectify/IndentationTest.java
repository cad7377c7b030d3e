package cn.xuncha.rectify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** One indentation style, as .editorconfig states it: Java, main and test, indents with tabs. */
class IndentationTest {

	/** Two or more spaces at the start of a line, other than a Javadoc's " *". */
	private static final Pattern SPACE_INDENT = Pattern.compile("^ {2,}[^ *]");

	@Test
	void javaIndentsWithTabs() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
			try (Stream<Path> files = Files.walk(root)) {
				for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
					List<String> lines = Files.readAllLines(file);
					for (int i = 0; i < lines.size(); i++) {
						if (SPACE_INDENT.matcher(lines.get(i)).find()) {
							offenders.add(file + ":" + (i + 1));
							break;
						}
					}
				}
			}
		}
		assertThat(offenders).as("Java files indented with spaces").isEmpty();
	}
}
