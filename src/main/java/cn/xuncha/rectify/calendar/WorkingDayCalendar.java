package cn.xuncha.rectify.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The China working-day calendar (工作日历): Monday to Friday are working days, Saturday and Sunday are not, except the
 * days listed as statutory holidays (法定节假日, {@code HOLIDAY}) or make-up working days (调休上班, {@code WORKDAY}).
 * <p>
 * What counts working days: the half-monthly review gives a department's progress report
 * {@code rectify.review.report-due-working-days} working days ({@link #addWorkingDays}). Nothing else does: a
 * measure's deadline, its days overdue and so the escalation ladder count calendar days ({@code ledger/MeasureRules}).
 *
 * <p><b>Data.</b> The rows come from the classpath resource {@value #CLASSPATH_RESOURCE} (the State Council's annual
 * notices, 2020 on; rows named "(预估)" are estimates made before a year's notice) and, when the property
 * {@value #EXTRA_FILE_PROPERTY} (default {@code ${rectify.data-dir}/china-workdays.csv}) names an existing file, from
 * that file too; its rows replace the classpath rows of the same date. That is how the office adds a new year or
 * corrects an estimate without a release. Both files are CSV (read with Commons CSV) in UTF-8 (a BOM is ignored), one
 * row per day {@code date,kind,name}: date {@code yyyy-MM-dd} (or {@code yyyy/M/d}), kind {@code HOLIDAY} (a day off,
 * whatever weekday it is) or {@code WORKDAY} (a working day, whatever weekday it is), name optional (quoted when it
 * holds a comma; unquoted, the rest of the row is the name); a full-width comma {@code ，} separates as a comma does;
 * {@code #} lines, blank lines and a {@code date,kind,name} header are ignored. An unreadable file, a malformed row or
 * a date listed twice in one file fails the start-up with an {@link IllegalStateException} naming the file and the
 * line. Dates not listed, including every year without rows, follow the plain Monday-to-Friday rule.
 *
 * <p>Instances are immutable and thread-safe.
 */
@Component
public class WorkingDayCalendar {

	/** The calendar shipped with the product. */
	static final String CLASSPATH_RESOURCE = "calendar/china-workdays.csv";

	/** Names the office's own calendar file; blank for none. A file that does not exist is skipped. */
	static final String EXTRA_FILE_PROPERTY = "rectify.calendar.extra-file";

	/** What a listed day is. */
	private enum Kind {
		/** A day off (放假), typically a weekday inside a statutory holiday. */
		HOLIDAY,
		/** A working day (上班), typically a weekend day worked in exchange (调休上班). */
		WORKDAY
	}

	/** One listed day; {@code name} is never null, possibly empty. */
	private record Entry(LocalDate date, Kind kind, String name) {
	}

	private static final Logger log = LoggerFactory.getLogger(WorkingDayCalendar.class);

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final Pattern DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");

	private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
		.setCommentMarker('#')
		.setIgnoreEmptyLines(true)
		.setIgnoreSurroundingSpaces(true)
		.setTrim(true)
		.get();

	private static final int MIN_YEAR = 2000;

	private static final int MAX_YEAR = 2099;

	private final NavigableMap<LocalDate, Entry> entries;

	/**
	 * The shipped calendar with the office's file on top.
	 *
	 * @param extraFile the office's calendar file; blank for none; skipped when it does not exist
	 * @throws IllegalStateException when a calendar file cannot be read or has an invalid row (message names the file
	 *     and the line)
	 */
	WorkingDayCalendar(
			@Value("${" + EXTRA_FILE_PROPERTY + ":${rectify.data-dir:./data}/china-workdays.csv}") String extraFile) {
		this.entries = Collections.unmodifiableNavigableMap(load(toPath(extraFile)));
		if (entries.isEmpty()) {
			throw new IllegalStateException("工作日历没有任何数据 (the working-day calendar has no rows): "
					+ "classpath:" + CLASSPATH_RESOURCE);
		}
		LocalDate coveredUntil = LocalDate.of(entries.lastKey().getYear(), 12, 31);
		int thisYear = LocalDate.now(CHINA).getYear();
		if (coveredUntil.getYear() <= thisYear) {
			log.warn("工作日历只覆盖到 {}，{} 年以后按周一至周五计算；请在附加日历文件（{}）中补录国务院办公厅公布的安排 "
					+ "(the working-day calendar ends {}; add the next year's holidays to the extra calendar file)",
					coveredUntil, coveredUntil.getYear() + 1, EXTRA_FILE_PROPERTY, coveredUntil);
		}
		if (entries.values().stream().anyMatch(e -> e.date().getYear() == thisYear && e.name().contains("预估"))) {
			log.warn("工作日历中 {} 年的安排仍是预估，请按国务院办公厅的通知核对并在附加日历文件中更正 "
					+ "(this year's holidays are still estimates; check them against the official notice)", thisYear);
		}
	}

	/**
	 * The date {@code days} working days after {@code from}.
	 * <ul>
	 * <li>{@code days >= 1}: {@code from} itself is never counted (whether or not it is a working day); the result is
	 * the {@code days}-th working day strictly after {@code from}. E.g. Monday 2024-09-30 + 1 = Tuesday 2024-10-08
	 * (Oct 1–7 are National Day); a Saturday + 1 = the next Monday if that is a working day.</li>
	 * <li>{@code days == 0}: {@code from} when it is a working day, otherwise the first working day after it.</li>
	 * </ul>
	 * Hence the result is always a working day.
	 *
	 * @throws IllegalArgumentException when {@code days} is negative
	 */
	public LocalDate addWorkingDays(LocalDate from, int days) {
		Objects.requireNonNull(from, "from");
		if (days < 0) {
			throw new IllegalArgumentException("工作日数不能为负 (days must be >= 0): " + days);
		}
		LocalDate date = from;
		if (days == 0) {
			while (!isWorkingDay(date)) {
				date = date.plusDays(1);
			}
			return date;
		}
		int remaining = days;
		while (remaining > 0) {
			date = date.plusDays(1);
			if (isWorkingDay(date)) {
				remaining--;
			}
		}
		return date;
	}

	/** A listed WORKDAY, or a weekday that is not a listed HOLIDAY. */
	private boolean isWorkingDay(LocalDate date) {
		Entry entry = entries.get(date);
		if (entry != null) {
			return entry.kind() == Kind.WORKDAY;
		}
		DayOfWeek dow = date.getDayOfWeek();
		return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
	}

	// ------------------------------------------------------------------ loading

	private static Path toPath(String extraFile) {
		if (extraFile == null || extraFile.isBlank()) {
			return null;
		}
		try {
			return Path.of(extraFile.strip());
		}
		catch (InvalidPathException e) {
			throw new IllegalStateException("附加工作日历文件路径无效 (invalid " + EXTRA_FILE_PROPERTY + "): "
					+ extraFile + " (" + e.getMessage() + ")", e);
		}
	}

	private static NavigableMap<LocalDate, Entry> load(Path extraFile) {
		String classpathSource = "classpath:" + CLASSPATH_RESOURCE;
		NavigableMap<LocalDate, Entry> result = new TreeMap<>();
		try (InputStream in = WorkingDayCalendar.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("找不到工作日历 (working-day calendar missing): " + classpathSource);
			}
			result.putAll(parse(in, classpathSource));
		}
		catch (IOException e) {
			throw unreadable(classpathSource, e);
		}
		int shipped = result.size();
		if (extraFile == null) {
			log.info("工作日历 (working-day calendar): {} 行 (rows) from {}", shipped, classpathSource);
			return result;
		}
		String source = extraFile.toAbsolutePath().normalize().toString();
		if (!Files.exists(extraFile)) {
			log.info("工作日历 (working-day calendar): {} 行 (rows) from {}; 无附加文件 (no extra file) {}", shipped,
					classpathSource, source);
			return result;
		}
		if (!Files.isRegularFile(extraFile)) {
			throw new IllegalStateException("附加工作日历不是文件 (extra calendar is not a regular file): " + source);
		}
		Map<LocalDate, Entry> extra;
		try (InputStream in = Files.newInputStream(extraFile)) {
			extra = parse(in, source);
		}
		catch (IOException e) {
			throw unreadable(source, e);
		}
		long overridden = extra.keySet().stream().filter(result::containsKey).count();
		result.putAll(extra);
		log.info("工作日历 (working-day calendar): {} 行 (rows) from {}, {} 行 (rows, {} overriding) from {}", shipped,
				classpathSource, extra.size(), overridden, source);
		return result;
	}

	private static IllegalStateException unreadable(String source, IOException e) {
		String reason = e instanceof CharacterCodingException ? "不是 UTF-8 编码 (not UTF-8)" : e.toString();
		return new IllegalStateException("无法读取工作日历 " + source + " (cannot read working-day calendar): " + reason, e);
	}

	private static Map<LocalDate, Entry> parse(InputStream in, String source) throws IOException {
		String text = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(in.readAllBytes()))
			.toString();
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		Map<LocalDate, Entry> rows = new HashMap<>();
		Map<LocalDate, Long> lineOf = new HashMap<>();
		try (CSVParser parser = CSVParser.parse(text.replace('，', ','), FORMAT)) {
			var records = parser.iterator();
			while (true) {
				CSVRecord record;
				try {
					if (!records.hasNext()) {
						break;
					}
					record = records.next();
				}
				catch (UncheckedIOException e) {
					throw invalid(source, parser.getCurrentLineNumber(), e.getCause().getMessage(), "");
				}
				long line = parser.getCurrentLineNumber();
				if (record.stream().allMatch(String::isEmpty) || isHeader(record)) {
					continue;
				}
				Entry entry = parseRow(record, source, line);
				Long earlier = lineOf.putIfAbsent(entry.date(), line);
				if (earlier != null) {
					throw invalid(source, line, "日期 " + entry.date() + " 重复，第 " + earlier
							+ " 行已列出 (date listed twice, first on line " + earlier + ")", row(record));
				}
				rows.put(entry.date(), entry);
			}
		}
		return rows;
	}

	private static boolean isHeader(CSVRecord record) {
		return record.size() >= 2 && record.get(0).equalsIgnoreCase("date") && record.get(1).equalsIgnoreCase("kind");
	}

	private static Entry parseRow(CSVRecord record, String source, long line) {
		if (record.size() < 2) {
			throw invalid(source, line, "应为 date,kind,name 三列 (expected date,kind,name)", row(record));
		}
		String dateText = record.get(0);
		Matcher m = DATE.matcher(dateText);
		if (!m.matches()) {
			throw invalid(source, line, "日期应为 yyyy-MM-dd (date must be yyyy-MM-dd): \"" + dateText + "\"",
					row(record));
		}
		LocalDate date;
		try {
			date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
					Integer.parseInt(m.group(3)));
		}
		catch (DateTimeException e) {
			throw invalid(source, line, "日期不存在 (no such date): \"" + dateText + "\"", row(record));
		}
		if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
			throw invalid(source, line, "年份应在 " + MIN_YEAR + "–" + MAX_YEAR + " 之间 (year out of range): "
					+ date.getYear(), row(record));
		}
		String kindText = record.get(1);
		Kind kind;
		try {
			kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw invalid(source, line,
					"类型应为 HOLIDAY 或 WORKDAY (kind must be HOLIDAY or WORKDAY): \"" + kindText + "\"", row(record));
		}
		String name = String.join(",", record.toList().subList(2, record.size()));
		return new Entry(date, kind, name);
	}

	private static String row(CSVRecord record) {
		return String.join(",", record.toList());
	}

	private static IllegalStateException invalid(String source, long line, String reason, String row) {
		return new IllegalStateException("工作日历 " + source + " 第 " + line + " 行有误 (invalid row in " + source
				+ ", line " + line + "): " + reason + (row.isEmpty() ? "" : " — \"" + row + "\""));
	}
}
