package cn.xuncha.rectify.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The calendar through what production uses: the Spring constructor and {@code addWorkingDays}. */
class WorkingDayCalendarTest {

	/** The shipped calendar alone (a blank extra file is none). */
	private static final WorkingDayCalendar CALENDAR = new WorkingDayCalendar("");

	private static LocalDate d(String iso) {
		return LocalDate.parse(iso);
	}

	/** A working day is its own first working day. */
	private static boolean isWorkingDay(WorkingDayCalendar calendar, LocalDate day) {
		return calendar.addWorkingDays(day, 0).equals(day);
	}

	private static void assertOff(String first, String last) {
		for (LocalDate day = d(first); !day.isAfter(d(last)); day = day.plusDays(1)) {
			assertThat(isWorkingDay(CALENDAR, day)).as("%s (%s) is a day off", day, day.getDayOfWeek()).isFalse();
		}
	}

	private static void assertWorking(String... days) {
		for (String day : days) {
			assertThat(isWorkingDay(CALENDAR, d(day))).as("%s (%s) is a working day", day, d(day).getDayOfWeek())
				.isTrue();
		}
	}

	// ------------------------------------------------------------------ known dates

	@Test
	void nationalDay2024() {
		assertOff("2024-10-01", "2024-10-07");
		assertWorking("2024-09-29", "2024-09-30", "2024-10-08", "2024-10-12");
		assertThat(d("2024-09-29").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
		assertThat(d("2024-10-12").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
	}

	@Test
	void midAutumnAndNationalDay2023() {
		assertOff("2023-09-29", "2023-10-06");
		assertWorking("2023-09-28", "2023-10-07", "2023-10-08", "2023-10-09");
	}

	@Test
	void springFestival2024() {
		assertOff("2024-02-10", "2024-02-17");
		// make-up Sundays Feb 4 and Feb 18; New Year's Eve (Feb 9) was still a working day before the 2025 rules
		assertWorking("2024-02-04", "2024-02-08", "2024-02-09", "2024-02-18", "2024-02-19");
		assertThat(d("2024-02-04").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
		assertThat(d("2024-02-18").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
	}

	@Test
	void springFestival2025() {
		assertOff("2025-01-28", "2025-02-04");
		assertWorking("2025-01-26", "2025-01-27", "2025-02-05", "2025-02-08");
		assertThat(isWorkingDay(CALENDAR, d("2025-01-28"))).as("New Year's Eve is a statutory holiday from 2025")
			.isFalse();
		// Labour Day 2025: May 1-5, one make-up Sunday (Apr 27)
		assertOff("2025-05-01", "2025-05-05");
		assertWorking("2025-04-27", "2025-04-30", "2025-05-06");
		assertThat(isWorkingDay(CALENDAR, d("2025-05-10"))).as("no second make-up day in 2025").isFalse();
	}

	@Test
	void springFestival2020WasExtendedByTheEpidemicNotice() {
		assertOff("2020-01-24", "2020-02-02");
		assertWorking("2020-01-19", "2020-02-03");
		assertThat(isWorkingDay(CALENDAR, d("2020-02-01"))).as("the planned make-up Saturday was cancelled").isFalse();
	}

	@Test
	void makeUpSaturdayIsAWorkingDayAndAnOrdinarySaturdayIsNot() {
		assertThat(d("2025-02-08").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
		assertThat(isWorkingDay(CALENDAR, d("2025-02-08"))).isTrue();
		assertThat(isWorkingDay(CALENDAR, d("2024-10-12"))).isTrue();
		assertThat(isWorkingDay(CALENDAR, d("2024-10-19"))).isFalse();
		assertThat(isWorkingDay(CALENDAR, d("2024-10-20"))).isFalse();
		assertThat(isWorkingDay(CALENDAR, d("2024-10-21"))).isTrue();
	}

	@Test
	void datesOutsideTheDataFollowMondayToFriday() {
		assertThat(isWorkingDay(CALENDAR, d("2030-01-01"))).as("Tuesday, no data").isTrue();
		assertThat(isWorkingDay(CALENDAR, d("2030-10-01"))).as("Tuesday, no data").isTrue();
		assertThat(isWorkingDay(CALENDAR, d("2030-01-05"))).isFalse();
		assertThat(isWorkingDay(CALENDAR, d("2019-10-01"))).as("Tuesday, before the data").isTrue();
		assertThat(CALENDAR.addWorkingDays(d("2030-01-04"), 1)).isEqualTo(d("2030-01-07"));
	}

	// ------------------------------------------------------------------ arithmetic

	@Test
	void addWorkingDaysAcrossNationalDay() {
		assertThat(CALENDAR.addWorkingDays(d("2024-09-30"), 1)).isEqualTo(d("2024-10-08"));
		assertThat(CALENDAR.addWorkingDays(d("2024-09-30"), 5)).as("Oct 8-11 and make-up Sat Oct 12")
			.isEqualTo(d("2024-10-12"));
		assertThat(CALENDAR.addWorkingDays(d("2024-09-27"), 1)).as("make-up Sunday Sept 29")
			.isEqualTo(d("2024-09-29"));
		assertThat(CALENDAR.addWorkingDays(d("2024-10-01"), 1)).as("from a holiday").isEqualTo(d("2024-10-08"));
		assertThat(CALENDAR.addWorkingDays(d("2024-10-03"), 2)).isEqualTo(d("2024-10-09"));
	}

	@Test
	void addZeroWorkingDays() {
		assertThat(CALENDAR.addWorkingDays(d("2024-09-30"), 0)).isEqualTo(d("2024-09-30"));
		assertThat(CALENDAR.addWorkingDays(d("2024-09-29"), 0)).as("make-up Sunday").isEqualTo(d("2024-09-29"));
		assertThat(CALENDAR.addWorkingDays(d("2024-10-01"), 0)).isEqualTo(d("2024-10-08"));
		assertThat(CALENDAR.addWorkingDays(d("2024-10-19"), 0)).isEqualTo(d("2024-10-21"));
	}

	@Test
	void negativeDaysAreRejected() {
		assertThatThrownBy(() -> CALENDAR.addWorkingDays(d("2024-09-30"), -1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void addWorkingDaysCountsDayByDay() {
		Random random = new Random(20241001);
		LocalDate start = d("2019-06-01");
		for (int i = 0; i < 2000; i++) {
			LocalDate from = start.plusDays(random.nextInt(365 * 10));
			int n = 1 + random.nextInt(40);
			LocalDate expected = from;
			for (int left = n; left > 0;) {
				expected = expected.plusDays(1);
				left -= isWorkingDay(CALENDAR, expected) ? 1 : 0;
			}
			assertThat(CALENDAR.addWorkingDays(from, n)).as("%s + %d", from, n).isEqualTo(expected);
		}
	}

	// ------------------------------------------------------------------ the office's file

	@Test
	void extraFileRowsOverrideTheShippedOnes(@TempDir Path dir) throws IOException {
		Path extra = dir.resolve("china-workdays.csv");
		Files.writeString(extra, """
				\uFEFF# 本单位补充
				date,kind,name
				2024-10-08,HOLIDAY,单位补休
				2024-10-12 , holiday , "取消调休, 休息"
				2027/2/11,WORKDAY,按官方通知更正
				2028-01-03，HOLIDAY，元旦
				""", StandardCharsets.UTF_8);

		WorkingDayCalendar calendar = new WorkingDayCalendar(extra.toString());

		assertThat(isWorkingDay(calendar, d("2024-10-08"))).isFalse();
		assertThat(isWorkingDay(calendar, d("2024-10-12"))).isFalse();
		assertThat(calendar.addWorkingDays(d("2024-09-30"), 1)).isEqualTo(d("2024-10-09"));
		assertThat(isWorkingDay(calendar, d("2027-02-11"))).as("a WORKDAY row cancels a shipped holiday").isTrue();
		assertThat(isWorkingDay(calendar, d("2028-01-03"))).isFalse();
		// the rest of the shipped calendar is untouched
		assertThat(isWorkingDay(calendar, d("2024-10-07"))).isFalse();
		assertThat(isWorkingDay(calendar, d("2024-09-29"))).isTrue();
		assertThat(isWorkingDay(CALENDAR, d("2024-10-08"))).isTrue();
	}

	@Test
	void springConstructorTakesThePropertyValue(@TempDir Path dir) throws IOException {
		Path extra = dir.resolve("office.csv");
		Files.writeString(extra, "2024-10-08,HOLIDAY,单位补休\n", StandardCharsets.UTF_8);

		assertThat(isWorkingDay(new WorkingDayCalendar(extra.toString()), d("2024-10-08"))).isFalse();
		assertThat(isWorkingDay(new WorkingDayCalendar(dir.resolve("absent.csv").toString()), d("2024-10-08")))
			.as("a missing file is skipped")
			.isTrue();
		assertThat(isWorkingDay(new WorkingDayCalendar("  "), d("2024-10-08"))).isTrue();
	}

	@Test
	void springBeanReadsTheFileInTheDataDirectory(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("china-workdays.csv"), "2024-10-08,HOLIDAY,单位补休\n", StandardCharsets.UTF_8);

		new ApplicationContextRunner().withUserConfiguration(WorkingDayCalendar.class)
			.withPropertyValues("rectify.data-dir=" + dir)
			.run(context -> assertThat(isWorkingDay(context.getBean(WorkingDayCalendar.class), d("2024-10-08")))
				.isFalse());

		new ApplicationContextRunner().withUserConfiguration(WorkingDayCalendar.class)
			.withPropertyValues("rectify.data-dir=" + dir, "rectify.calendar.extra-file=")
			.run(context -> assertThat(isWorkingDay(context.getBean(WorkingDayCalendar.class), d("2024-10-08")))
				.as("blank property: shipped calendar only")
				.isTrue());
	}

	@Test
	void malformedExtraFileFailsWithFileAndLine(@TempDir Path dir) throws IOException {
		Path extra = dir.resolve("china-workdays.csv");
		Files.writeString(extra, "# 本单位补充\n2024-10-08,HOLIDAY,单位补休\n2024-13-01,HOLIDAY,坏日期\n",
				StandardCharsets.UTF_8);

		assertThatThrownBy(() -> new WorkingDayCalendar(extra.toString()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(extra.toAbsolutePath().toString())
			.hasMessageContaining("第 3 行")
			.hasMessageContaining("line 3")
			.hasMessageContaining("2024-13-01");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2024-10-08                                | expected date,kind,name
			2024-10-08,DAYOFF,x                       | kind must be HOLIDAY or WORKDAY
			08/10/2024,HOLIDAY,x                      | date must be yyyy-MM-dd
			2024-02-30,HOLIDAY,x                      | no such date
			2207-10-01,HOLIDAY,x                      | year out of range
			""")
	void invalidRowsAreRejected(String row, String reason, @TempDir Path dir) throws IOException {
		Path extra = dir.resolve("bad.csv");
		Files.writeString(extra, "2024-10-09,HOLIDAY,ok\n\n" + row + "\n", StandardCharsets.UTF_8);

		assertThatThrownBy(() -> new WorkingDayCalendar(extra.toString())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("bad.csv")
			.hasMessageContaining("line 3")
			.hasMessageContaining(reason);
	}

	@Test
	void duplicateDateInOneFileIsRejected(@TempDir Path dir) throws IOException {
		Path extra = dir.resolve("dup.csv");
		Files.writeString(extra, "2024-10-08,HOLIDAY,a\n2024-10-09,HOLIDAY,b\n2024/10/8,WORKDAY,c\n",
				StandardCharsets.UTF_8);

		assertThatThrownBy(() -> new WorkingDayCalendar(extra.toString()))
			.hasMessageContaining("dup.csv")
			.hasMessageContaining("line 3")
			.hasMessageContaining("first on line 1");
	}

	@Test
	void nonUtf8FileIsRejected(@TempDir Path dir) throws IOException {
		Path extra = dir.resolve("gbk.csv");
		Files.write(extra, "2024-10-08,HOLIDAY,单位补休\n".getBytes(Charset.forName("GBK")));

		assertThatThrownBy(() -> new WorkingDayCalendar(extra.toString())).hasMessageContaining("gbk.csv")
			.hasMessageContaining("UTF-8");
	}

	// ------------------------------------------------------------------ the shipped data

	private record Row(int line, LocalDate date, String kind, String name) {
	}

	private static List<Row> shippedRows() throws IOException {
		List<Row> rows = new ArrayList<>();
		try (InputStream in = WorkingDayCalendar.class.getClassLoader()
			.getResourceAsStream(WorkingDayCalendar.CLASSPATH_RESOURCE);
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split(",", -1);
				assertThat(fields).as("line %d: %s", number, line).hasSize(3);
				rows.add(new Row(number, LocalDate.parse(fields[0]), fields[1], fields[2]));
			}
		}
		return rows;
	}

	@Test
	void shippedDataIsSane() throws IOException {
		List<Row> rows = shippedRows();
		assertThat(rows).hasSizeGreaterThan(200);

		Map<LocalDate, Integer> seen = new HashMap<>();
		for (Row row : rows) {
			Integer earlier = seen.putIfAbsent(row.date(), row.line());
			assertThat(earlier).as("%s on line %d already on line %s", row.date(), row.line(), earlier).isNull();
			assertThat(row.kind()).as("line %d", row.line()).isIn("HOLIDAY", "WORKDAY");
			assertThat(row.name()).as("line %d has a name", row.line()).isNotBlank();
			DayOfWeek dow = row.date().getDayOfWeek();
			boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
			if (row.kind().equals("WORKDAY")) {
				assertThat(weekend).as("WORKDAY %s (line %d) is a %s", row.date(), row.line(), dow).isTrue();
			}
			else {
				assertThat(!weekend || !row.name().isBlank()).as("HOLIDAY %s (line %d)", row.date(), row.line())
					.isTrue();
			}
			assertThat(row.date().getYear()).as("line %d", row.line()).isBetween(2020, 2027);
			assertThat(row.name().contains("(预估)")).as("line %d: only 2027 is estimated", row.line())
				.isEqualTo(row.date().getYear() == 2027);
		}
		assertThat(rows).extracting(Row::date).as("rows are in date order").isSorted();

		for (int year = 2020; year <= 2027; year++) {
			int y = year;
			List<Row> holidays = rows.stream()
				.filter(r -> r.date().getYear() == y && r.kind().equals("HOLIDAY"))
				.toList();
			for (String festival : List.of("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")) {
				assertThat(holidays).as("%d has %s", y, festival).anyMatch(r -> r.name().contains(festival));
			}
			// every weekday holiday is balanced: a listed year never has more make-up days than holidays
			long weekdaysOff = holidays.stream()
				.filter(r -> r.date().getDayOfWeek().getValue() <= 5)
				.count();
			long makeUps = rows.stream().filter(r -> r.date().getYear() == y && r.kind().equals("WORKDAY")).count();
			assertThat(weekdaysOff).as("%d weekdays off", y).isGreaterThan(makeUps);
		}
	}
}
