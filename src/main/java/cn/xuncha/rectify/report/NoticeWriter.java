package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.report.NoticeDocument.Block;
import cn.xuncha.rectify.report.NoticeDocument.Footnote;
import cn.xuncha.rectify.report.NoticeDocument.Heading;
import cn.xuncha.rectify.report.NoticeDocument.Item;
import cn.xuncha.rectify.report.NoticeDocument.Items;
import cn.xuncha.rectify.report.NoticeDocument.Paragraph;
import cn.xuncha.rectify.report.NoticeDocument.Signature;
import cn.xuncha.rectify.report.NoticeDocument.Subtitle;
import cn.xuncha.rectify.report.NoticeDocument.Table;
import cn.xuncha.rectify.report.NoticeDocument.Title;
import cn.xuncha.rectify.report.ProgressFigures.CategoryFigures;
import cn.xuncha.rectify.report.ProgressFigures.Change;
import cn.xuncha.rectify.report.ProgressFigures.MeasureLine;
import cn.xuncha.rectify.report.ProgressFigures.OverdueMeasure;
import cn.xuncha.rectify.report.ProgressFigures.ProblemFigures;
import cn.xuncha.rectify.report.ProgressFigures.Tally;

/**
 * The wording of a progress notice, in the structure of the published ones (DOMAIN: 整改进展情况通报): the feedback it
 * answers, the overall figures and their change, each category and problem with its measures completed / basically
 * completed and continuing / not completed, the overdue measures, the talks held, the next steps.
 */
final class NoticeWriter {

	/** Measures are listed by their first clause, cut to this many characters. */
	static final int BRIEF = 40;

	static final List<String> OVERDUE_HEADER = List.of("序号", "整改措施", "责任科室", "经办人", "整改时限", "逾期天数");

	private NoticeWriter() {
	}

	static String title(ProgressFigures f) {
		return (f.unit() == null || f.unit().isBlank() ? f.roundTitle() : f.unit()) + "关于巡察整改进展情况的通报";
	}

	/** {@code chainHead}: the audit chain's head line when the notice is issued (null for an empty chain). */
	static NoticeDocument write(ProgressFigures f, int seq, LocalDate issuedOn, String chainHead) {
		List<Block> blocks = new ArrayList<>();
		Tally t = f.totals();
		Map<String, OverdueMeasure> overdue = f.overdue().stream()
				.collect(Collectors.toMap(OverdueMeasure::key, Function.identity()));

		blocks.add(new Title(title(f)));
		blocks.add(new Subtitle("（第" + seq + "期）"));
		blocks.add(new Paragraph(intro(f)));

		blocks.add(new Heading(1, "一、整改总体进展"));
		blocks.add(new Paragraph("截至%s，%d项整改措施中，已完成%d项，基本完成并长期坚持%d项，尚未完成%d项（其中超过整改时限%d项），整改完成率为%s。"
				.formatted(ChineseNumerals.date(f.asOf()), t.measures(), t.completed(), t.longTerm(), t.open(),
						t.overdue(), t.completionRate())));
		change(blocks, f.change());
		lasting(blocks, f);

		blocks.add(new Heading(1, "二、各问题整改落实情况"));
		for (CategoryFigures c : f.categories()) {
			blocks.add(new Heading(2, "（" + ChineseNumerals.of(c.seq()) + "）" + c.title()));
			Tally ct = c.tally();
			blocks.add(new Paragraph("本方面共%d个问题、%d项整改措施，已完成%d项，基本完成并长期坚持%d项，尚未完成%d项，完成率%s。".formatted(
					c.problemCount(), ct.measures(), ct.completed(), ct.longTerm(), ct.open(), ct.completionRate())));
			for (ProblemFigures p : c.problems()) {
				blocks.add(new Heading(3, p.seq() + ".关于" + problemTitle(p.title())));
				blocks.add(new Paragraph(responsibility(p)));
				list(blocks, "已完成", p.completed(), m -> "");
				list(blocks, "基本完成并长期坚持", p.longTerm(), m -> "");
				list(blocks, "尚未完成", p.open(), m -> {
					OverdueMeasure o = overdue.get(m.key());
					return o == null ? "，" + m.statusLabel() : "，" + m.statusLabel() + "，已逾期" + o.daysOverdue() + "天";
				});
			}
		}

		blocks.add(new Heading(1, "三、逾期未完成的整改措施"));
		if (f.overdue().isEmpty()) {
			blocks.add(new Paragraph("截至本期通报，没有超过整改时限仍未完成的整改措施。"));
		}
		else {
			blocks.add(new Paragraph("超过整改时限仍未完成的整改措施共%d项，逐项列明如下，请责任科室限期完成。".formatted(f.overdue().size())));
			List<List<String>> rows = new ArrayList<>();
			for (OverdueMeasure o : f.overdue()) {
				rows.add(List.of(String.valueOf(rows.size() + 1), brief(o.text()) + "（" + o.key() + "）",
						nz(o.departmentName()), nz(o.responsiblePersonName()), o.deadline().toString(),
						o.daysOverdue() + "天"));
			}
			blocks.add(new Table(OVERDUE_HEADER, rows, 1));
		}

		blocks.add(new Heading(1, "四、督促问责情况"));
		blocks.add(new Paragraph(accountability(f)));

		blocks.add(new Heading(1, "五、下一步工作"));
		blocks.add(new Paragraph(nextSteps(t)));
		blocks.add(new Signature(f.unit() == null ? "" : f.unit(), ChineseNumerals.date(issuedOn)));
		if (chainHead != null) {
			// Whoever holds the notice can later ask the chain whether it still contains this record.
			blocks.add(new Footnote(chainHead));
		}
		return new NoticeDocument(title(f) + "（第" + seq + "期）", List.copyOf(blocks));
	}

	private static String intro(ProgressFigures f) {
		int problems = f.problemCount();
		String feedback = f.feedbackDate() == null ? "" : "于" + ChineseNumerals.date(f.feedbackDate());
		String team = f.inspectionTeam() == null || f.inspectionTeam().isBlank() ? "巡察组" : f.inspectionTeam();
		String unit = f.unit() == null || f.unit().isBlank() ? "被巡察单位" : f.unit();
		return "%s%s向%s反馈巡察意见，指出%d个方面%d个问题。%s对照反馈意见逐项制定整改措施%d项，明确责任科室、经办人、牵头领导和整改时限，实行台账管理、滚动销号。现将截至%s的整改进展情况通报如下。"
				.formatted(team, feedback, unit, f.categories().size(), problems, unit, f.totals().measures(),
						ChineseNumerals.date(f.asOf()));
	}

	private static void change(List<Block> blocks, Change c) {
		if (c == null) {
			blocks.add(new Paragraph("本期为首期通报。"));
			return;
		}
		String move = c.rateDelta().startsWith("+") ? "提高" + c.rateDelta().substring(1) + "个百分点"
				: c.rateDelta().startsWith("-") ? "下降" + c.rateDelta().substring(1) + "个百分点" : "持平";
		blocks.add(new Paragraph("与第%d期通报（截至%s，完成率%s）相比，完成率%s；新完成整改措施%d项，新增逾期措施%d项%s。".formatted(
				c.previousSeq(), ChineseNumerals.date(c.previousAsOf()), c.previousRate(), move,
				c.newlyCompleted().size(), c.newlyOverdue().size(),
				c.reopened().isEmpty() ? "" : "，重新转为未完成" + c.reopened().size() + "项")));
		numbered(blocks, "本期新完成：", c.newlyCompleted().stream()
				.map(m -> new Item(brief(m.text()) + "（" + nz(m.departmentName()) + "，" + m.statusLabel() + "）", m.key()))
				.toList());
		numbered(blocks, "本期新增逾期：", c.newlyOverdue().stream()
				.map(o -> new Item(brief(o.text()) + "（" + nz(o.departmentName()) + "，整改时限" + o.deadline() + "）",
						o.key()))
				.toList());
		numbered(blocks, "重新转为未完成：", c.reopened().stream()
				.map(m -> new Item(brief(m.text()) + "（" + nz(m.departmentName()) + "，" + m.statusLabel() + "）", m.key()))
				.toList());
	}

	/**
	 * DOMAIN: 建立健全机制堵漏洞 · 防止反弹 — the rules the rectification made and the 回头看 of closed measures, with what
	 * rebounded. Figures frozen before these were counted have none.
	 */
	private static void lasting(List<Block> blocks, ProgressFigures f) {
		var rules = f.rules();
		var rechecks = f.rechecks();
		if (rules == null || rechecks == null) {
			return;
		}
		String made = rules.made() == 0 ? "整改中尚未登记建立或修订的制度"
				: "整改中建立健全制度%d项（新建%d项、修订%d项）".formatted(rules.made(), rules.created(), rules.revised());
		String rechecked = rechecks.rechecked() == 0 ? "尚未对已销号的整改措施开展“回头看”。"
				: "对已销号的整改措施开展“回头看”%d项，%s".formatted(rechecks.rechecked(), rechecks.rebounded() == 0
						? "未发现反弹。" : "发现反弹%d项，已重新打开整改并纳入逐级督办。".formatted(rechecks.rebounded()));
		blocks.add(new Paragraph(made + "；" + rechecked));
		numbered(blocks, "建立健全的制度：", rules.rules().stream()
				.map(r -> new Item(r.title() + "（" + (r.documentNumber() == null ? "" : r.documentNumber() + "，")
						+ ChineseNumerals.date(r.issuedOn()) + r.kindLabel() + "，" + nz(r.departmentName()) + "）",
						r.measureKey()))
				.toList());
	}

	private static void numbered(List<Block> blocks, String lead, List<Item> items) {
		if (items.isEmpty()) {
			return;
		}
		List<Item> lines = new ArrayList<>();
		for (Item item : items) {
			lines.add(new Item((lines.size() + 1) + "." + item.text(), item.reference()));
		}
		blocks.add(new Items(lead, lines));
	}

	/** DOMAIN: escalation ladder 提醒 · 催办 · 督办 · 谈话提醒 · 移交纪检, then the talks actually held. */
	private static String accountability(ProgressFigures f) {
		Map<Level, Integer> counts = f.escalations() == null ? Map.of() : f.escalations();
		List<String> steps = new ArrayList<>();
		addCount(steps, counts, Level.REMIND, "提醒%d次");
		addCount(steps, counts, Level.URGE, "催办%d次");
		addCount(steps, counts, Level.SUPERVISE, "纳入督办事项%d项");
		addCount(steps, counts, Level.TALK, "启动谈话提醒%d项");
		addCount(steps, counts, Level.REFER, "移交纪检监察组%d项");
		String ladder = steps.isEmpty() ? "整改以来，尚无需要提醒、催办或督办的措施；"
				: "整改以来，在每半月梳理中对推进滞后的措施逐级督促，累计" + String.join("、", steps) + "；";
		return ladder + (f.talks() == 0 ? "尚未开展谈话提醒。" : "分管领导已对责任人开展谈话提醒%d次。".formatted(f.talks()));
	}

	private static void addCount(List<String> steps, Map<Level, Integer> counts, Level level, String format) {
		int n = counts.getOrDefault(level, 0);
		if (n > 0) {
			steps.add(format.formatted(n));
		}
	}

	/** DOMAIN: measures inside a problem run 一是、二是、三是…, as in the published notices. */
	private static String marker(int seq) {
		return seq > 0 && seq < 100 ? ChineseNumerals.of(seq) + "是" : seq + ".";
	}

	private static String responsibility(ProblemFigures p) {
		Tally t = p.tally();
		return "责任科室：%s；牵头领导：%s。共%d项措施，已完成%d项，基本完成并长期坚持%d项，尚未完成%d项。".formatted(nz(p.departmentName()),
				nz(p.leadLeaderName()), t.measures(), t.completed(), t.longTerm(), t.open());
	}

	private static void list(List<Block> blocks, String lead, List<MeasureLine> lines,
			Function<MeasureLine, String> note) {
		if (lines.isEmpty()) {
			return;
		}
		blocks.add(new Items(lead + "（" + lines.size() + "项）：", lines.stream()
				.map(m -> new Item(marker(m.seq()) + brief(m.text()) + "（" + nz(m.departmentName())
						+ note.apply(m) + "）", m.key()))
				.toList()));
	}

	private static String nextSteps(Tally t) {
		if (t.open() == 0) {
			return "各项整改措施已全部完成或转入长期坚持。下一步将定期开展“回头看”，对长期坚持的%d项措施逐项检查，防止问题反弹，巩固整改成果。"
					.formatted(t.longTerm());
		}
		return "对尚未完成的%d项措施，继续每半月梳理一次进展，按时间节点逐项推进、完成一项销号一项；%s对基本完成并长期坚持的%d项措施定期检查，防止问题反弹。"
				.formatted(t.open(), t.overdue() == 0 ? ""
						: "对已超过整改时限的%d项措施，由分管领导逐项督办，必要时开展谈话提醒；".formatted(t.overdue()), t.longTerm());
	}

	/** A problem's title as notices name it: 关于…的问题. */
	private static String problemTitle(String title) {
		String t = title.strip();
		return t.endsWith("问题") ? t : t + "的问题";
	}

	/**
	 * A measure in at most {@link #BRIEF} characters: its first sentence if that is short enough, else its clauses up
	 * to the last comma that fits, else cut.
	 */
	static String brief(String text) {
		String t = text.strip().replaceAll("\\s+", " ");
		int sentence = indexOfAny(t, "；。;");
		if (sentence >= 4 && sentence <= BRIEF) {
			return t.substring(0, sentence);
		}
		if (t.length() <= BRIEF) {
			return t;
		}
		int clause = Math.max(t.lastIndexOf('，', BRIEF), t.lastIndexOf(',', BRIEF));
		return (clause >= BRIEF / 3 ? t.substring(0, clause) : t.substring(0, BRIEF - 1)) + "…";
	}

	private static int indexOfAny(String s, String chars) {
		for (int i = 0; i < s.length(); i++) {
			if (chars.indexOf(s.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}
}
