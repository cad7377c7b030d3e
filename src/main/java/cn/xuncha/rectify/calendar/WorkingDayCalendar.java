package cn.xuncha.rectify.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The China working-day calendar (工作日历) that deadlines, reminders and escalations count days with: Monday to
 * Friday are working days, Saturday and Sunday are not, except the days listed as statutory holidays (法定节假日,
 * {@code HOLIDAY}) or make-up working days (调休上班, {@code WORKDAY}).
 *
 * <p><b>Data.</b> The rows come from the classpath resource {@value #CLASSPATH_RESOURCE} (the State Council's annual
 * notices, 2020 on; rows named "(预估)" are estimates made before a year's notice) and, when the property
 * {@value #EXTRA_FILE_PROPERTY} (default {@code ${rectify.data-dir}/china-workdays.csv}) names an existing file, from
 * that file too; its rows replace the classpath rows of the same date. That is how the office adds a new year or
 * corrects an estimate without a release. Both files have the same format: UTF-8 (a BOM is ignored), one row per day
 * {@code date,kind,name}; date {@code yyyy-MM-dd} (or {@code yyyy/M/d}), kind {@code HOLIDAY} (a day off, whatever
 * weekday it is) or {@code WORKDAY} (a working day, whatever weekday it is), name optional (may contain commas, may be
 * quoted); a full-width comma {@code ，} also separates; {@code #} lines, blank lines and a {@code date,kind,name}
 * header are ignored. An unreadable file, a malformed row or a date listed twice in one file fails the start-up with an
 * {@link IllegalStateException} naming the file and the line.
 *
 * <p><b>Outside the data.</b> Dates not listed, including every date before {@link #coveredFrom()} or after
 * {@link #coveredUntil()}, follow the plain Monday-to-Friday rule.
 *
 * <p>Instances are immutable and thread-safe.
 */
@Component
public class WorkingDayCalendar {

	/** The calendar shipped with the product. */
	public static final String CLASSPATH_RESOURCE = "calendar/china-workdays.csv";

	/** Names the office's own calendar file; blank for none. A file that does not exist is skipped. */
	public static final String EXTRA_FILE_PROPERTY = "rectify.calendar.extra-file";

	/** What a listed day is. */
	public enum Kind {
		/** A day off (放假), typically a weekday inside a statutory holiday. */
		HOLIDAY,
		/** A working day (上班), typically a weekend day worked in exchange (调休上班). */
		WORKDAY
	}

	/** One listed day; {@code name} is never null, possibly empty. */
	public record Entry(LocalDate date, Kind kind, String name) {
	}

	private static final Logger log = LoggerFactory.getLogger(WorkingDayCalendar.class);

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private static final Pattern DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");

	private static final Pattern SEPARATOR = Pattern.compile("[,，]");

	private static final int MIN_YEAR = 2000;

	private static final int MAX_YEAR = 2099;

	private final NavigableMap<LocalDate, Entry> entries;

	private final LocalDate coveredFrom;

	private final LocalDate coveredUntil;

	/**
	 * The Spring constructor.
	 *
	 * @param extraFile the office's calendar file; blank for none; skipped when it does not exist
	 * @throws IllegalStateException when a calendar file cannot be read or has an invalid row (message names the file
	 *     and the line)
	 */
	@Autowired
	public WorkingDayCalendar(
			@Value("${" + EXTRA_FILE_PROPERTY + ":${rectify.data-dir:./data}/china-workdays.csv}") String extraFile) {
		this(load(toPath(extraFile)));
	}

	private WorkingDayCalendar(NavigableMap<LocalDate, Entry> entries) {
		this.entries = Collections.unmodifiableNavigableMap(entries);
		if (entries.isEmpty()) {
			throw new IllegalStateException("工作日历没有任何数据 (the working-day calendar has no rows): "
					+ "classpath:" + CLASSPATH_RESOURCE);
		}
		this.coveredFrom = LocalDate.of(entries.firstKey().getYear(), 1, 1);
		this.coveredUntil = LocalDate.of(entries.lastKey().getYear(), 12, 31);
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

	/** The shipped calendar alone, without Spring and without the office's file (for tests and tools). */
	public static WorkingDayCalendar fromClasspath() {
		return new WorkingDayCalendar(load(null));
	}

	/**
	 * The shipped calendar with the rows of {@code extraFile} on top, as the Spring bean loads it.
	 *
	 * @param extraFile the office's calendar file; skipped when it does not exist
	 * @throws IllegalStateException when a calendar file cannot be read or has an invalid row
	 */
	public static WorkingDayCalendar fromClasspathAndFile(Path extraFile) {
		return new WorkingDayCalendar(load(Objects.requireNonNull(extraFile, "extraFile")));
	}

	// ------------------------------------------------------------------ queries

	/** Whether {@code date} is a working day: a listed WORKDAY, or a weekday that is not a listed HOLIDAY. */
	public boolean isWorkingDay(LocalDate date) {
		Entry entry = entries.get(Objects.requireNonNull(date, "date"));
		return entry != null ? entry.kind() == Kind.WORKDAY : isWeekday(date);
	}

	/**
	 * The date {@code days} working days after {@code from}.
	 * <ul>
	 * <li>{@code days >= 1}: {@code from} itself is never counted (whether or not it is a working day); the result is
	 * the {@code days}-th working day strictly after {@code from}. E.g. Monday 2024-09-30 + 1 = Tuesday 2024-10-08
	 * (Oct 1–7 are National Day); a Saturday + 1 = the next Monday if that is a working day.</li>
	 * <li>{@code days == 0}: {@code from} when it is a working day, otherwise the first working day after it.</li>
	 * </ul>
	 * Hence the result is always a working day and, for {@code days >= 1},
	 * {@code workingDaysBetween(from, addWorkingDays(from, days)) == days}.
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

	/**
	 * The number of working days in {@code (from, to]}: {@code from} excluded, {@code to} included; 0 when equal;
	 * negative ({@code -workingDaysBetween(to, from)}) when {@code to} is before {@code from}. E.g. from Monday
	 * 2024-09-30 to Tuesday 2024-10-08 is 1.
	 */
	public int workingDaysBetween(LocalDate from, LocalDate to) {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		if (to.isBefore(from)) {
			return -workingDaysBetween(to, from);
		}
		long days = ChronoUnit.DAYS.between(from, to);
		long count = (days / 7) * 5;
		for (LocalDate d = from.plusDays((days / 7) * 7 + 1); !d.isAfter(to); d = d.plusDays(1)) {
			if (isWeekday(d)) {
				count++;
			}
		}
		for (Entry entry : entries.subMap(from, false, to, true).values()) {
			int plain = isWeekday(entry.date()) ? 1 : 0;
			int actual = entry.kind() == Kind.WORKDAY ? 1 : 0;
			count += actual - plain;
		}
		return Math.toIntExact(count);
	}

	/**
	 * The name of the holiday {@code date} belongs to (e.g. "国庆节"), when it is listed as a HOLIDAY with a name;
	 * empty for working days, ordinary weekends and unnamed rows.
	 */
	public Optional<String> holidayName(LocalDate date) {
		Entry entry = entries.get(Objects.requireNonNull(date, "date"));
		return entry != null && entry.kind() == Kind.HOLIDAY && !entry.name().isEmpty()
				? Optional.of(entry.name())
				: Optional.empty();
	}

	/** December 31 of the last year that has a row; later dates follow the Monday-to-Friday rule. */
	public LocalDate coveredUntil() {
		return coveredUntil;
	}

	/** January 1 of the first year that has a row; earlier dates follow the Monday-to-Friday rule. */
	public LocalDate coveredFrom() {
		return coveredFrom;
	}

	/** The listed day, if any (after the office's file has been applied). */
	public Optional<Entry> entry(LocalDate date) {
		return Optional.ofNullable(entries.get(Objects.requireNonNull(date, "date")));
	}

	private static boolean isWeekday(LocalDate date) {
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
		var decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		Map<LocalDate, Entry> rows = new HashMap<>();
		Map<LocalDate, Integer> lineOf = new HashMap<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
			String raw;
			int lineNumber = 0;
			while ((raw = reader.readLine()) != null) {
				lineNumber++;
				String line = lineNumber == 1 && raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
				line = line.strip();
				if (line.isEmpty() || line.startsWith("#")
						|| line.replace(" ", "").toLowerCase(Locale.ROOT).startsWith("date,kind")) {
					continue;
				}
				Entry entry = parseRow(line, source, lineNumber);
				Integer earlier = lineOf.putIfAbsent(entry.date(), lineNumber);
				if (earlier != null) {
					throw invalid(source, lineNumber, "日期 " + entry.date() + " 重复，第 " + earlier
							+ " 行已列出 (date listed twice, first on line " + earlier + ")", line);
				}
				rows.put(entry.date(), entry);
			}
		}
		return rows;
	}

	private static Entry parseRow(String line, String source, int lineNumber) {
		String[] fields = SEPARATOR.split(line, 3);
		if (fields.length < 2) {
			throw invalid(source, lineNumber, "应为 date,kind,name 三列 (expected date,kind,name)", line);
		}
		String dateText = unquote(fields[0]);
		Matcher m = DATE.matcher(dateText);
		if (!m.matches()) {
			throw invalid(source, lineNumber, "日期应为 yyyy-MM-dd (date must be yyyy-MM-dd): \"" + dateText + "\"",
					line);
		}
		LocalDate date;
		try {
			date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
					Integer.parseInt(m.group(3)));
		}
		catch (DateTimeException e) {
			throw invalid(source, lineNumber, "日期不存在 (no such date): \"" + dateText + "\"", line);
		}
		if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
			throw invalid(source, lineNumber, "年份应在 " + MIN_YEAR + "–" + MAX_YEAR + " 之间 (year out of range): "
					+ date.getYear(), line);
		}
		String kindText = unquote(fields[1]);
		Kind kind;
		try {
			kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw invalid(source, lineNumber,
					"类型应为 HOLIDAY 或 WORKDAY (kind must be HOLIDAY or WORKDAY): \"" + kindText + "\"", line);
		}
		String name = fields.length > 2 ? unquote(fields[2]) : "";
		return new Entry(date, kind, name);
	}

	private static String unquote(String field) {
		String text = field.strip();
		if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
			text = text.substring(1, text.length() - 1).replace("\"\"", "\"").strip();
		}
		return text;
	}

	private static IllegalStateException invalid(String source, int lineNumber, String reason, String line) {
		return new IllegalStateException("工作日历 " + source + " 第 " + lineNumber + " 行有误 (invalid row in " + source
				+ ", line " + lineNumber + "): " + reason + " — \"" + line + "\"");
	}
}
