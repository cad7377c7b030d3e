package cn.xuncha.rectify.round;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.xuncha.rectify.ledger.RoundDraft.CategoryDraft;
import cn.xuncha.rectify.ledger.RoundDraft.MeasureDraft;
import cn.xuncha.rectify.ledger.RoundDraft.ProblemDraft;

import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.RoundDraft;

/**
 * Turns the plain text of a rectification document (整改方案 / 整改进展情况通报) into a {@link RoundDraft}.
 *
 * <p>The outline is the standard one of Chinese official documents:
 * <pre>
 * 一、section                       (一 … 九十九 followed by 、)
 * (一)category  or  （一）category  (ASCII or full-width brackets, may be mixed)
 * 1.problem  or  1、problem  or  1．problem
 * 一是……。二是……。三是……         measures, inside the paragraph(s) that follow a problem line
 * </pre>
 *
 * <p>Rules:
 * <ul>
 * <li>Lines are split on {@code \n}, {@code \r\n} or {@code \r}; leading/trailing whitespace (also full-width) and
 * blank lines are ignored. Line numbers in errors are 1-based lines of the original text.</li>
 * <li>Text before the first section or category is preamble; it only supplies the title when none is given.</li>
 * <li>Only categories that contain numbered problems form the ledger; categories without problems (narrative, e.g.
 * "三、下一步计划" with inline "(一)…" paragraphs) and prose between headings are skipped.</li>
 * <li>Category numbers restart at (一) in every section and must run (一)(二)(三)… Problem numbers run 1. 2. 3. … in
 * a category; a category may start again at 1 or continue the previous ledger category's numbering.</li>
 * <li>A problem's body is every line after it up to the next problem, category or section line (or the closing
 * signature/date at the very end of the document). Its lines are joined with {@code \n}.</li>
 * <li>Measures are marked 一是, 二是, 三是 … (up to 九十九是). A marker counts only when it is the next expected numeral
 * and stands at a boundary: start of a line or after one of {@code 。；;：:，,！!？?} or a space. Measure text runs from
 * after the marker up to the next marker, trimmed, trailing {@code ；;，,、} removed. A body without 一是 is one
 * measure. Text before 一是 that ends with a colon is an introduction and is dropped; any other such lead-in stays in
 * front of the first measure (marker included). A problem line that itself contains a boundary 一是 is split: the
 * title is the part before it.</li>
 * <li>A marker numbered above the expected one at a sentence start (line start or after {@code 。；;：:！!？?}) while
 * the expected one is missing is an error (措施序号不连续); so is a measure with no letter or digit ("一是。二是…").</li>
 * </ul>
 *
 * <p>Only titles and texts are filled: key, unit, team, date, departments, leaders and deadlines stay null; measures are
 * {@link MeasureType#FIXED}. Errors are {@link InvalidRoundException}s carrying the line number and what was expected.
 * Instances are stateless and thread-safe.
 */
public class OutlineParser {

	static final String DEFAULT_TITLE = "巡察整改";

	private static final String NUMERALS = "一二三四五六七八九十";

	private static final Pattern SECTION = Pattern.compile("^([一二三四五六七八九十]+)\\s*、\\s*(.*)$");

	private static final Pattern CATEGORY = Pattern.compile("^[(（]\\s*([一二三四五六七八九十]+)\\s*[)）]\\s*(.*)$");

	private static final Pattern PROBLEM = Pattern.compile("^([0-9０-９]+)\\s*([.、．])\\s*(?![0-9０-９])(.*)$");

	private static final Pattern DATE_LINE = Pattern
		.compile("^(\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|\\d{4}[-./]\\d{1,2}[-./]\\d{1,2})$");

	private static final Pattern ANY_MARKER = Pattern.compile("([一二三四五六七八九十]+)是");

	private static final String BOUNDARY = "。；;：:，,！!？? \t\u3000";

	/** Sentence ends: a skipped marker is reported only there, so prose like "，三是指…" is no error. */
	private static final String SENTENCE_END = "。；;：:！!？?";

	/** Parses {@code text}; the title is taken from the document (see {@link #parse(String, String)}). */
	public RoundDraft parse(String text) {
		return parse(null, text);
	}

	/**
	 * Parses {@code text}. When {@code title} is null or blank, the title is the first preamble line containing 关于,
	 * 通报, 方案 or 报告, else {@value #DEFAULT_TITLE}.
	 *
	 * @throws InvalidRoundException when the text is empty, holds no numbered problem, or the outline is broken
	 */
	public RoundDraft parse(String title, String text) {
		if (text == null || clean(text).isEmpty()) {
			throw new InvalidRoundException("文本为空 (empty text)");
		}
		List<Line> lines = split(text);
		markClosing(lines);

		List<Category> categories = new ArrayList<>();
		List<String> preamble = new ArrayList<>();
		boolean inPreamble = true;
		Category category = null;
		Problem problem = null;
		int expectedCategory = 1;
		int lastProblemNumber = 0; // last problem number of the previous ledger category

		for (Line line : lines) {
			if (line.closing) {
				problem = null;
				continue;
			}
			String s = line.text;
			Matcher m;
			if ((m = SECTION.matcher(s)).matches() && parseNumeral(m.group(1)) > 0) {
				inPreamble = false;
				finish(category, categories);
				if (category != null && !category.problems.isEmpty()) {
					lastProblemNumber = category.lastNumber;
				}
				category = null;
				problem = null;
				expectedCategory = 1;
			}
			else if ((m = CATEGORY.matcher(s)).matches() && parseNumeral(m.group(1)) > 0) {
				inPreamble = false;
				int number = parseNumeral(m.group(1));
				if (number != expectedCategory) {
					throw new InvalidRoundException(line.number,
							"分类编号应为 \"(" + numeral(expectedCategory) + ")\"，实际为 \"(" + m.group(1) + ")\" (expected category number "
									+ expectedCategory + ", found " + number + ")");
				}
				expectedCategory++;
				finish(category, categories);
				if (category != null && !category.problems.isEmpty()) {
					lastProblemNumber = category.lastNumber;
				}
				category = new Category(line.number, trimTitle(m.group(2)));
				problem = null;
			}
			else if ((m = PROBLEM.matcher(s)).matches()) {
				inPreamble = false;
				int number = Integer.parseInt(asciiDigits(m.group(1)));
				String sep = m.group(2);
				if (category == null) {
					throw new InvalidRoundException(line.number,
							"问题 \"" + m.group(1) + sep + "\" 之前没有分类，应先有分类行，如 \"(一)…\" (problem before any category; expected a category line like '(一)…' first)");
				}
				int expected = category.lastNumber + 1;
				boolean continues = category.problems.isEmpty() && lastProblemNumber > 0 && number == lastProblemNumber + 1;
				if (number != expected && !continues) {
					String alt = category.problems.isEmpty() && lastProblemNumber > 0
							? "（或接续上一分类的 \"" + (lastProblemNumber + 1) + sep + "\"）" : "";
					String altEn = alt.isEmpty() ? "" : " or " + (lastProblemNumber + 1) + " continuing the previous category";
					throw new InvalidRoundException(line.number, "问题编号应为 \"" + expected + sep + "\"" + alt + "，实际为 \""
							+ m.group(1) + sep + "\" (expected problem number " + expected + altEn + ", found " + number + ")");
				}
				category.lastNumber = number;
				String rest = m.group(3);
				int inline = findMarker(rest, 0, 1);
				problem = new Problem(line.number, number + sep);
				if (inline > 0) {
					problem.title = trimTitle(rest.substring(0, inline));
					problem.body.add(new Line(line.number, rest.substring(inline)));
				}
				else {
					problem.title = trimTitle(rest);
				}
				if (problem.title.isEmpty()) {
					throw new InvalidRoundException(line.number, "问题 \"" + problem.label
							+ "\" 的标题为空，应为如 \"1.关于…的问题\" (empty problem title; expected e.g. '1.关于…的问题')");
				}
				category.problems.add(problem);
			}
			else if (inPreamble) {
				preamble.add(s);
			}
			else if (problem != null) {
				problem.body.add(line);
			}
			// else: narrative prose under a section or category — skipped
		}
		finish(category, categories);

		if (categories.isEmpty()) {
			throw new InvalidRoundException(
					"未找到任何问题：应在分类行 \"(一)…\" 之下有编号问题行，如 \"1.关于…的问题\" (no problems found; expected lines like '1.关于…的问题' under a category '(一)…')");
		}
		List<CategoryDraft> drafts = new ArrayList<>();
		for (Category c : categories) {
			if (c.title.isEmpty()) {
				throw new InvalidRoundException(c.line,
						"分类标题为空，应为如 \"(一)…方面的问题\" (empty category title; expected text after the '(一)' marker)");
			}
			List<ProblemDraft> problems = new ArrayList<>();
			for (Problem p : c.problems) {
				problems.add(new ProblemDraft(p.title, null, null, measures(p)));
			}
			drafts.add(new CategoryDraft(c.title, List.copyOf(problems)));
		}
		return new RoundDraft(null, chooseTitle(title, preamble), null, null, null, List.copyOf(drafts));
	}

	// ---------------------------------------------------------------- measures

	private List<MeasureDraft> measures(Problem p) {
		if (p.body.isEmpty()) {
			throw new InvalidRoundException(p.line, "问题 \"" + p.label + p.title
					+ "\" 之后没有整改措施，应在其后写出措施，如 \"一是…二是…\" (problem has no measures; expected text such as '一是…二是…' after it)");
		}
		StringBuilder sb = new StringBuilder();
		int[] starts = new int[p.body.size()];
		int[] numbers = new int[p.body.size()];
		for (int i = 0; i < p.body.size(); i++) {
			if (i > 0) {
				sb.append('\n');
			}
			starts[i] = sb.length();
			numbers[i] = p.body.get(i).number;
			sb.append(p.body.get(i).text);
		}
		String body = sb.toString();

		List<Integer> positions = new ArrayList<>(); // marker start offsets
		List<Integer> lengths = new ArrayList<>();
		int expected = 1;
		int from = 0;
		while (expected < 100) {
			int pos = findMarker(body, from, expected);
			int limit = pos < 0 ? body.length() : pos;
			checkNoSkippedMarker(body, from, limit, expected, starts, numbers);
			if (pos < 0) {
				break;
			}
			int len = numeral(expected).length() + 1;
			positions.add(pos);
			lengths.add(len);
			from = pos + len;
			expected++;
		}

		List<MeasureDraft> measures = new ArrayList<>();
		if (positions.isEmpty()) {
			measures.add(MeasureDraft.ofText(trimMeasure(body)));
			return List.copyOf(measures);
		}
		String leadIn = clean(body.substring(0, positions.get(0)));
		for (int i = 0; i < positions.size(); i++) {
			int start = positions.get(i) + lengths.get(i);
			int end = i + 1 < positions.size() ? positions.get(i + 1) : body.length();
			String text = trimMeasure(body.substring(start, end));
			if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
				String marker = numeral(i + 1) + "是";
				throw new InvalidRoundException(lineAt(positions.get(i), starts, numbers), "问题 \"" + p.label + p.title
						+ "\" 的措施 \"" + marker + "\" 内容为空 (measure '" + marker + "' is empty; expected its text after the marker)");
			}
			if (i == 0 && !leadIn.isEmpty() && !endsWithColon(leadIn)) {
				text = trimMeasure(body.substring(0, end));
			}
			measures.add(MeasureDraft.ofText(text));
		}
		return List.copyOf(measures);
	}

	/** Fails when a boundary marker numbered above {@code expected} occurs in body[from, limit). */
	private static void checkNoSkippedMarker(String body, int from, int limit, int expected, int[] starts,
			int[] numbers) {
		Matcher m = ANY_MARKER.matcher(body);
		m.region(from, limit);
		m.useTransparentBounds(true);
		while (m.find()) {
			int n = parseNumeral(m.group(1));
			if (n > expected && atSentenceStart(body, m.start())) {
				String want = numeral(expected) + "是";
				throw new InvalidRoundException(lineAt(m.start(), starts, numbers), "措施序号不连续：应为 \"" + want
						+ "\"，实际出现 \"" + m.group() + "\" (measure numbering skips: expected " + want + ", found " + m.group() + ")");
			}
		}
	}

	/** Offset of the next boundary marker for {@code n} (e.g. 二是) in s at or after from, or -1. */
	private static int findMarker(String s, int from, int n) {
		String marker = numeral(n) + "是";
		int pos = s.indexOf(marker, from);
		while (pos >= 0) {
			if (atBoundary(s, pos)) {
				return pos;
			}
			pos = s.indexOf(marker, pos + 1);
		}
		return -1;
	}

	private static boolean atBoundary(String s, int pos) {
		if (pos == 0) {
			return true;
		}
		char c = s.charAt(pos - 1);
		return c == '\n' || BOUNDARY.indexOf(c) >= 0;
	}

	private static boolean atSentenceStart(String s, int pos) {
		if (pos == 0) {
			return true;
		}
		char c = s.charAt(pos - 1);
		return c == '\n' || SENTENCE_END.indexOf(c) >= 0;
	}

	private static int lineAt(int offset, int[] starts, int[] numbers) {
		int i = starts.length - 1;
		while (i > 0 && starts[i] > offset) {
			i--;
		}
		return numbers[i];
	}

	// ---------------------------------------------------------------- numerals

	/** 1..99 as 一 … 十 … 十一 … 二十 … 九十九. */
	/** 1..99 as official documents number things: 一, 十二, 二十三. */
	public static String numeral(int n) {
		if (n <= 0 || n >= 100) {
			throw new IllegalArgumentException("numeral out of range: " + n);
		}
		int tens = n / 10;
		int units = n % 10;
		StringBuilder sb = new StringBuilder();
		if (tens > 1) {
			sb.append(NUMERALS.charAt(tens - 1));
		}
		if (tens > 0) {
			sb.append('十');
		}
		if (units > 0) {
			sb.append(NUMERALS.charAt(units - 1));
		}
		return sb.toString();
	}

	/** Inverse of {@link #numeral(int)}; -1 when s is not a canonical numeral 1..99. */
	static int parseNumeral(String s) {
		for (int n = 1; n < 100; n++) {
			if (numeral(n).equals(s)) {
				return n;
			}
		}
		return -1;
	}

	// ---------------------------------------------------------------- lines and text

	private static List<Line> split(String text) {
		String[] raw = text.split("\r\n|\r|\n", -1);
		List<Line> lines = new ArrayList<>();
		for (int i = 0; i < raw.length; i++) {
			String s = clean(raw[i]);
			if (!s.isEmpty()) {
				lines.add(new Line(i + 1, s));
			}
		}
		return lines;
	}

	/**
	 * Marks a closing date line at the very end (e.g. "2021年12月6日") and a short signature line just before it, so
	 * they do not join the last problem's measures.
	 */
	private static void markClosing(List<Line> lines) {
		int last = lines.size() - 1;
		if (last < 0 || !DATE_LINE.matcher(lines.get(last).text).matches()) {
			return;
		}
		lines.get(last).closing = true;
		if (last > 0) {
			Line signature = lines.get(last - 1);
			String s = signature.text;
			boolean structural = SECTION.matcher(s).matches() || CATEGORY.matcher(s).matches()
					|| PROBLEM.matcher(s).matches();
			if (!structural && s.length() <= 40 && s.chars().noneMatch(c -> "。；;，,：:".indexOf(c) >= 0)) {
				signature.closing = true;
			}
		}
	}

	private static String chooseTitle(String title, List<String> preamble) {
		if (title != null && !clean(title).isEmpty()) {
			return clean(title);
		}
		for (String s : preamble) {
			if (s.contains("关于") || s.contains("通报") || s.contains("方案") || s.contains("报告")) {
				return s;
			}
		}
		return DEFAULT_TITLE;
	}

	private static void finish(Category category, List<Category> categories) {
		if (category != null && !category.problems.isEmpty()) {
			categories.add(category);
		}
	}

	/** Strips whitespace, including full-width space, no-break space and BOM. */
	private static String clean(String s) {
		int b = 0;
		int e = s.length();
		while (b < e && isSpace(s.charAt(b))) {
			b++;
		}
		while (e > b && isSpace(s.charAt(e - 1))) {
			e--;
		}
		return s.substring(b, e);
	}

	private static boolean isSpace(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
	}

	private static String trimTitle(String s) {
		return stripTrailing(clean(s), "。：:；;，,、");
	}

	private static String trimMeasure(String s) {
		return stripTrailing(clean(s), "；;，,、");
	}

	private static String stripTrailing(String s, String chars) {
		int e = s.length();
		while (e > 0 && (chars.indexOf(s.charAt(e - 1)) >= 0 || isSpace(s.charAt(e - 1)))) {
			e--;
		}
		return s.substring(0, e);
	}

	private static boolean endsWithColon(String s) {
		char c = s.charAt(s.length() - 1);
		return c == '：' || c == ':';
	}

	private static String asciiDigits(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			sb.append(c >= '０' && c <= '９' ? (char) ('0' + (c - '０')) : c);
		}
		return sb.toString();
	}

	// ---------------------------------------------------------------- working structures

	private static final class Line {

		final int number;

		final String text;

		boolean closing;

		Line(int number, String text) {
			this.number = number;
			this.text = text;
		}
	}

	private static final class Category {

		final int line;

		final String title;

		final List<Problem> problems = new ArrayList<>();

		int lastNumber;

		Category(int line, String title) {
			this.line = line;
			this.title = title;
		}
	}

	private static final class Problem {

		final int line;

		final String label;

		String title;

		final List<Line> body = new ArrayList<>();

		Problem(int line, String label) {
			this.line = line;
			this.label = label;
		}
	}
}
