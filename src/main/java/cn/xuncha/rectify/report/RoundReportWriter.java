package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import cn.xuncha.rectify.report.NoticeDocument.Block;
import cn.xuncha.rectify.report.NoticeDocument.Footnote;
import cn.xuncha.rectify.report.NoticeDocument.Heading;
import cn.xuncha.rectify.report.NoticeDocument.Item;
import cn.xuncha.rectify.report.NoticeDocument.Items;
import cn.xuncha.rectify.report.NoticeDocument.Paragraph;
import cn.xuncha.rectify.report.NoticeDocument.Signature;
import cn.xuncha.rectify.report.NoticeDocument.Subtitle;
import cn.xuncha.rectify.report.NoticeDocument.Title;
import cn.xuncha.rectify.report.ProgressFigures.MeasureLine;
import cn.xuncha.rectify.report.ProgressFigures.ProblemFigures;
import cn.xuncha.rectify.report.ProgressFigures.Tally;

/**
 * The wording of a rectification report (整改情况报告) as the secretary signs it: what it answers, the office's text,
 * the figures with every measure completed / basically completed and continuing / not completed, the next steps and
 * the signature. Written as a {@link NoticeDocument}, so HTML and DOCX say the same as the notices do.
 */
final class RoundReportWriter {

	private RoundReportWriter() {
	}

	static String title(RoundReportKind kind, ProgressFigures f) {
		return (f.unit() == null || f.unit().isBlank() ? f.roundTitle() : f.unit()) + kind.titleSuffix();
	}

	/** The summary sentence of the figures: 截至…，N项整改措施中，已完成…，完成率…. */
	static String summary(ProgressFigures f) {
		Tally t = f.totals();
		return "截至%s，%d个问题%d项整改措施中，已完成%d项，基本完成并长期坚持%d项，尚未完成%d项（其中超过整改时限%d项），整改完成率为%s。"
				.formatted(ChineseNumerals.date(f.asOf()), f.problemCount(), t.measures(), t.completed(), t.longTerm(),
						t.open(), t.overdue(), t.completionRate());
	}

	static NoticeDocument write(RoundReportKind kind, ProgressFigures f, LocalDate dueDate, String text,
			LocalDate signedOn, String signerName, String signComment) {
		List<Block> blocks = new ArrayList<>();
		Tally t = f.totals();
		blocks.add(new Title(title(kind, f)));
		blocks.add(new Subtitle("（" + kind.label() + "）"));
		blocks.add(new Paragraph(intro(kind, f, dueDate)));

		blocks.add(new Heading(1, "一、整改工作情况"));
		Stream.of(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty())
				.forEach(line -> blocks.add(new Paragraph(line)));

		blocks.add(new Heading(1, "二、整改任务完成情况"));
		blocks.add(new Paragraph(summary(f)));
		List<ProblemFigures> problems = f.categories().stream().flatMap(c -> c.problems().stream()).toList();
		list(blocks, "已完成", problems.stream().flatMap(p -> p.completed().stream()).toList(), false);
		list(blocks, "基本完成并长期坚持", problems.stream().flatMap(p -> p.longTerm().stream()).toList(), false);
		list(blocks, "尚未完成", problems.stream().flatMap(p -> p.open().stream()).toList(), true);

		blocks.add(new Heading(1, "三、下一步工作"));
		blocks.add(new Paragraph(nextSteps(kind, t)));
		blocks.add(new Signature(f.unit() == null ? "" : f.unit(), ChineseNumerals.date(signedOn)));
		blocks.add(new Footnote("第一责任人 " + signerName + " 签发" + (signComment == null || signComment.isBlank() ? ""
				: "；签发意见：" + signComment.strip())));
		return new NoticeDocument(title(kind, f) + "（" + kind.label() + "）", List.copyOf(blocks));
	}

	private static String intro(RoundReportKind kind, ProgressFigures f, LocalDate dueDate) {
		String team = f.inspectionTeam() == null || f.inspectionTeam().isBlank() ? "巡察组" : f.inspectionTeam();
		String unit = f.unit() == null || f.unit().isBlank() ? "被巡察单位" : f.unit();
		String feedback = f.feedbackDate() == null ? "" : "于" + ChineseNumerals.date(f.feedbackDate());
		String when = kind == RoundReportKind.INTERIM && dueDate != null
				? "按照在" + ChineseNumerals.date(dueDate) + "前报送整改情况的要求，" : "";
		return "%s%s向%s反馈巡察意见，指出%d个方面%d个问题。%s现将截至%s的整改情况报告如下。".formatted(team, feedback, unit,
				f.categories().size(), f.problemCount(), when, ChineseNumerals.date(f.asOf()));
	}

	private static void list(List<Block> blocks, String lead, List<MeasureLine> lines, boolean withStatus) {
		if (lines.isEmpty()) {
			return;
		}
		List<Item> items = new ArrayList<>();
		for (MeasureLine m : lines) {
			String key = m.key().replaceFirst("^.*-(P\\d+-M\\d+)$", "$1");
			items.add(new Item((items.size() + 1) + "." + NoticeWriter.brief(m.text()) + "（" + nz(m.departmentName())
					+ (withStatus ? "，" + m.statusLabel() : "") + "）", key));
		}
		blocks.add(new Items(lead + "（" + lines.size() + "项）：", items));
	}

	private static String nextSteps(RoundReportKind kind, Tally t) {
		if (kind == RoundReportKind.FINAL || t.open() == 0) {
			return "巡察反馈问题的整改措施已全部完成或转入长期坚持。对长期坚持的%d项措施定期检查、开展“回头看”，防止问题反弹，巩固整改成果。"
					.formatted(t.longTerm());
		}
		return "集中整改期结束后，整改工作不停步、标准不降低：对尚未完成的%d项措施，继续每半月梳理进展，按时间节点逐项推进、完成一项销号一项；对基本完成并长期坚持的%d项措施定期检查，防止问题反弹。全部完成后另行报告。"
				.formatted(t.open(), t.longTerm());
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}
}
