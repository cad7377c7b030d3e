package cn.xuncha.rectify.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import cn.xuncha.rectify.ledger.RoundDraft.CategoryDraft;
import cn.xuncha.rectify.ledger.RoundDraft.MeasureDraft;
import cn.xuncha.rectify.ledger.RoundDraft.ProblemDraft;

import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.RoundDraft;

class OutlineParserTest {

	private static final Path SEED = Path.of("../shared/seed");

	private final OutlineParser parser = new OutlineParser();

	// ------------------------------------------------------------------ the real seed

	@Test
	void parsesTheSeedNotice() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(SEED), "seed folder absent");
		Path file = SEED.resolve("000_6e72d012cd2ccfad.txt");
		Assumptions.assumeTrue(Files.isRegularFile(file), "seed file absent");

		RoundDraft round = parser.parse(Files.readString(file, StandardCharsets.UTF_8));

		assertThat(round.title()).isEqualTo("中共广州市海珠区水务局党组关于巡察整改进展情况的通报");
		assertThat(round.categories()).extracting(CategoryDraft::title)
			.containsExactly("贯彻落实习近平生态文明思想和上级重大决策部署有差距", "防范风险和整治形式主义官僚主义有差距",
					"履行管党治党主体责任和加强干部职工队伍建设有差距");
		assertThat(round.problemCount()).isEqualTo(8);
		assertThat(round.measureCount()).isEqualTo(35);
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(9, 4, 6, 3, 4, 2, 3, 4);
		assertThat(problems(round)).extracting(ProblemDraft::title)
			.containsExactly("关于管水治水存在短板的问题", "关于“六稳”“六保”存在短板的问题", "存在风险防控制度漏洞问题",
					"存在形式主义官僚主义明显问题", "加强领导班子建设力度不足", "加强全面从严治党力度不足", "加强依法行政意识力度不足",
					"加强干部队伍管理力度不足");

		ProblemDraft first = problems(round).get(0);
		assertThat(first.measures().get(0).text()).startsWith("每月固定组织执法人员");
		assertThat(first.measures().get(1).text()).startsWith("持续压实各级河长巡河责任");
		assertThat(first.measures().get(8).text()).startsWith("以市总河长令第4号为抓手").endsWith("预计11月完成达标建设任务。");
		assertThat(texts(round)).noneMatch(t -> t.startsWith("一是") || t.startsWith("二是") || t.isBlank());
		// narrative and closing text never leaks into the ledger
		assertThat(texts(round)).noneMatch(t -> t.contains("欢迎广大干部群众") || t.contains("下一步计划"));
		assertThat(round.key()).isNull();
		assertThat(first.measures().get(0).type()).isEqualTo(MeasureType.FIXED);
	}

	// ------------------------------------------------------------------ outline variants

	@Test
	void asciiOutlineWithNarrativeSectionSkipped() {
		RoundDraft round = parser.parse(fixture("ascii.txt"));

		assertThat(round.title()).isEqualTo("中共某县林业局党组关于巡察整改情况的报告");
		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("落实上级部署不到位", "内部管理有漏洞");
		assertThat(problems(round)).extracting(ProblemDraft::title)
			.containsExactly("关于护林巡查不规范的问题", "关于防火宣传不到位的问题", "关于物资台账不清的问题");
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(3, 2, 2);
		assertThat(measureTexts(problems(round).get(0))).containsExactly("修订巡查登记表，统一填写口径。",
				"每周抽查巡查记录，发现问题当场纠正。", "开展护林员轮训两期。");
	}

	@Test
	void fullWidthBracketsAndEnumerationComma() {
		RoundDraft round = parser.parse(fixture("fullwidth.txt"));

		assertThat(round.title()).isEqualTo("某镇党委关于巡察反馈意见整改方案");
		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("基层组织建设薄弱", "资金使用不规范");
		assertThat(problems(round)).extracting(ProblemDraft::title)
			.containsExactly("关于支部会议记录不全的问题", "关于党员档案管理混乱的问题", "关于报销凭证缺失的问题");
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(2, 3, 2);
		assertThat(measureTexts(problems(round).get(1))).containsExactly("逐人核对档案材料。", "档案移交镇组织办统一保管。",
				"建立借阅登记。");
	}

	@Test
	void fullWidthDot() {
		RoundDraft round = parser.parse(fixture("fullwidth-dot.txt"));

		assertThat(round.title()).isEqualTo("某街道工委巡察整改进展情况通报");
		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("为民服务意识不强");
		assertThat(problems(round)).extracting(ProblemDraft::title)
			.containsExactly("关于办事窗口排队时间长的问题", "关于群众来信回复慢的问题");
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(2, 3);
	}

	@Test
	void mixedMarkersAndBrackets() {
		RoundDraft round = parser.parse(fixture("mixed.txt"));

		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("制度执行不严", "作风建设有差距");
		assertThat(problems(round)).extracting(ProblemDraft::title)
			.containsExactly("关于请销假制度执行不严的问题", "关于公章使用登记不全的问题", "关于会议过多过长的问题");
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(2, 1, 2);
		assertThat(measureTexts(problems(round).get(1))).containsExactly("启用新的用印登记簿。");
	}

	@Test
	void crlfLineEndings() {
		String text = fixture("crlf.txt");
		assertThat(text).contains("\r\n");

		RoundDraft round = parser.parse(text);

		assertThat(round.title()).isEqualTo("某所巡察整改方案");
		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("档案管理不规范");
		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(2, 3);
		assertThat(texts(round)).noneMatch(t -> t.contains("\r"));
		assertThat(measureTexts(problems(round).get(1))).containsExactly("设置借阅登记簿。", "借阅须经分管领导同意。",
				"每年核对一次。");
	}

	@Test
	void crlfErrorsCountLinesLikeLf() {
		String text = fixture("error-problem-sequence.txt").replace("\n", "\r\n");
		InvalidRoundException e = catchThrowableOfType(InvalidRoundException.class, () -> parser.parse(text));
		assertThat(e.line()).isEqualTo(11);
	}

	@Test
	void paragraphWithoutMarkerIsOneMeasureAndClosingSignatureIsDropped() {
		RoundDraft round = parser.parse(fixture("single-measure.txt"));

		assertThat(problems(round)).extracting(p -> p.measures().size()).containsExactly(1, 2);
		assertThat(measureTexts(problems(round).get(0)))
			.containsExactly("已全部更换过期灭火器，并张贴检查标签，由办公室每月检查一次。");
		// the signature "某站党支部" and the date after the last problem are not part of its last measure
		assertThat(measureTexts(problems(round).get(1))).containsExactly("调整值班表。", "值班情况纳入月度考核。");
	}

	@Test
	void measuresSpanLinesAndParagraphsUntilTheNextHeading() {
		RoundDraft round = parser.parse(fixture("multiline.txt"));

		assertThat(round.title()).isEqualTo("关于某水务所巡察整改进展情况的通报");
		// section 一 (categories without problems) and section 三 (inline categories) are narrative
		assertThat(round.categories()).extracting(CategoryDraft::title).containsExactly("河道管护存在短板", "队伍建设有差距");
		List<ProblemDraft> problems = problems(round);
		assertThat(problems).extracting(ProblemDraft::title)
			.containsExactly("关于河道保洁不及时的问题", "关于护栏损坏未修复的问题", "关于培训覆盖面不足的问题", "关于考核流于形式的问题");

		// lead-in ending with a colon is dropped; a measure spans lines and a blank line; trailing ；/， removed
		assertThat(measureTexts(problems.get(0))).containsExactly("调整保洁班组作业时间，\n早晚各巡一次",
				"与保洁公司重新签订合同，\n明确考核条款。", "设立举报电话，群众反映的问题当天处理。");
		// measures written on the problem line itself
		assertThat(measureTexts(problems.get(1))).containsExactly("对全段护栏逐一排查。", "损坏护栏已修复十二处，剩余三处本月完成。");
		// problem numbering may continue across categories (3., 4.)
		assertThat(measureTexts(problems.get(2))).containsExactly("制定年度培训计划，\n覆盖全体职工。", "组织外出学习一次。");
		// a lead-in without colon stays in front of the first measure
		assertThat(measureTexts(problems.get(3))).containsExactly("今年以来已完成两轮考核。一是细化考核指标。", "考核结果与评优挂钩。");
		assertThat(texts(round)).noneMatch(t -> t.contains("回头看") || t.contains("2022年"));
	}

	@Test
	void onlyTheExpectedNumeralAtABoundaryIsAMarker() {
		String text = """
				(一)制度建设
				1.关于制度不全的问题
				一是补齐制度，这也是关键，不是形式，三是指三个村的问题另行处理。二是统一是非标准，唯一是底线。
				""";
		RoundDraft round = parser.parse(text);

		assertThat(measureTexts(problems(round).get(0))).containsExactly("补齐制度，这也是关键，不是形式，三是指三个村的问题另行处理。",
				"统一是非标准，唯一是底线。");
	}

	@Test
	void numeralsBeyondTen() {
		StringBuilder sb = new StringBuilder("(一)事项繁多\n1.关于事项繁多的问题\n");
		for (int i = 1; i <= 23; i++) {
			sb.append(OutlineParser.numeral(i)).append("是完成第").append(i).append("项。");
		}
		RoundDraft round = parser.parse(sb.toString());

		List<String> texts = measureTexts(problems(round).get(0));
		assertThat(texts).hasSize(23);
		assertThat(texts.get(10)).isEqualTo("完成第11项。");
		assertThat(texts.get(19)).isEqualTo("完成第20项。");
		assertThat(texts.get(22)).isEqualTo("完成第23项。");
	}

	@Test
	void numerals() {
		assertThat(OutlineParser.numeral(1)).isEqualTo("一");
		assertThat(OutlineParser.numeral(10)).isEqualTo("十");
		assertThat(OutlineParser.numeral(11)).isEqualTo("十一");
		assertThat(OutlineParser.numeral(20)).isEqualTo("二十");
		assertThat(OutlineParser.numeral(99)).isEqualTo("九十九");
		assertThat(OutlineParser.parseNumeral("二十一")).isEqualTo(21);
		assertThat(OutlineParser.parseNumeral("十十")).isEqualTo(-1);
	}

	@Test
	void titleArgumentWinsAndFallbackApplies() {
		String bare = "(一)事项\n1.关于某事的问题\n一是处理。";
		assertThat(parser.parse("  自定义标题 ", bare).title()).isEqualTo("自定义标题");
		assertThat(parser.parse(null, bare).title()).isEqualTo("巡察整改");
		assertThat(parser.parse(" ", bare).title()).isEqualTo("巡察整改");
		assertThat(parser.parse("自定义标题", fixture("ascii.txt")).title()).isEqualTo("自定义标题");
	}

	@Test
	void leadingWhitespaceAndBomAreIgnored() {
		String text = "\uFEFF  某方案\n\u3000\u3000（一）事项\n    1、关于某事的问题\n\t一是处理。\n\u3000\u3000二是复查。\n";
		RoundDraft round = parser.parse(text);
		assertThat(round.title()).isEqualTo("某方案");
		assertThat(measureTexts(problems(round).get(0))).containsExactly("处理。", "复查。");
	}

	// ------------------------------------------------------------------ errors

	@Test
	void emptyText() {
		for (String text : new String[] { null, "", "  \n\r\n\u3000\n" }) {
			InvalidRoundException e = catchThrowableOfType(InvalidRoundException.class, () -> parser.parse(text));
			assertThat(e).as("text %s", text).isNotNull();
			assertThat(e.line()).isNull();
			assertThat(e.getMessage()).isEqualTo("文本为空 (empty text)");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			error-problem-before-category.txt   | 5  | 之前没有分类         | expected a category line like '(一)…' first
			error-problem-sequence.txt          | 11 | 问题编号应为 "2."，实际为 "3." | expected problem number 2, found 3
			error-category-sequence.txt         | 11 | 分类编号应为 "(二)"，实际为 "(三)" | expected category number 2, found 3
			error-problem-without-measures.txt  | 11 | 问题 "2.关于督办不到位的问题" 之后没有整改措施 | problem has no measures
			error-measure-gap.txt               | 10 | 措施序号不连续：应为 "二是"，实际出现 "三是" | expected 二是, found 三是
			error-empty-measure.txt             | 9  | 措施 "一是" 内容为空 | measure '一是' is empty
			""")
	void lineErrors(String file, int line, String chinese, String english) {
		InvalidRoundException e = catchThrowableOfType(InvalidRoundException.class,
				() -> parser.parse(fixture(file)));

		assertThat(e).as(file).isNotNull();
		assertThat(e.line()).isEqualTo(line);
		assertThat(e.getMessage()).startsWith("第 " + line + " 行 (line " + line + "): ")
			.contains(chinese)
			.contains(english);
	}

	@Test
	void noLedger() {
		assertThatThrownBy(() -> parser.parse(fixture("error-no-problems.txt"))).isInstanceOf(InvalidRoundException.class)
			.hasMessageContaining("未找到任何问题")
			.hasMessageContaining("expected lines like '1.关于…的问题' under a category '(一)…'")
			.satisfies(e -> assertThat(((InvalidRoundException) e).line()).isNull());
	}

	@Test
	void problemNumberMayRestartOrContinueButNothingElse() {
		String restart = "(一)甲\n1.问题甲\n一是做。\n(二)乙\n1.问题乙\n一是做。";
		String cont = "(一)甲\n1.问题甲\n一是做。\n(二)乙\n2.问题乙\n一是做。";
		String wrong = "(一)甲\n1.问题甲\n一是做。\n(二)乙\n5.问题乙\n一是做。";
		assertThat(parser.parse(restart).problemCount()).isEqualTo(2);
		assertThat(parser.parse(cont).problemCount()).isEqualTo(2);
		InvalidRoundException e = catchThrowableOfType(InvalidRoundException.class, () -> parser.parse(wrong));
		assertThat(e.line()).isEqualTo(5);
		assertThat(e.getMessage()).contains("问题编号应为 \"1.\"").contains("\"2.\"").contains("found 5");
	}

	@Test
	void markerSkippedBeforeTheFirstMarker() {
		String text = "(一)甲\n1.问题甲\n已经部署。\n二是复查。";
		InvalidRoundException e = catchThrowableOfType(InvalidRoundException.class, () -> parser.parse(text));
		assertThat(e.line()).isEqualTo(4);
		assertThat(e.getMessage()).contains("expected 一是, found 二是");
	}

	// ------------------------------------------------------------------ helpers

	private static String fixture(String name) {
		try (InputStream in = OutlineParserTest.class.getResourceAsStream("/outline/" + name)) {
			assertThat(in).as("fixture %s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<ProblemDraft> problems(RoundDraft round) {
		return round.categories().stream().flatMap(c -> c.problems().stream()).toList();
	}

	private static List<String> measureTexts(ProblemDraft problem) {
		return problem.measures().stream().map(MeasureDraft::text).toList();
	}

	private static List<String> texts(RoundDraft round) {
		return problems(round).stream().flatMap(p -> p.measures().stream()).map(MeasureDraft::text).toList();
	}
}
