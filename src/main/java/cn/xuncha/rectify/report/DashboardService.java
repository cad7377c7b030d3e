package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.report.ProgressFigures.OverdueMeasure;
import cn.xuncha.rectify.report.ProgressFigures.Tally;
import cn.xuncha.rectify.report.ReportQueries.Marks;
import cn.xuncha.rectify.review.ReviewTrend.Point;
import cn.xuncha.rectify.ledger.LedgerView;
import cn.xuncha.rectify.ledger.LedgerView.MeasureNode;
import cn.xuncha.rectify.ledger.LedgerView.RoundTree;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Now;

/** The dashboard (整改看板) of one round: progress by category and department, 红黄绿灯, overdue, trend, notices. */
@Service
class DashboardService {

	record Dashboard(RoundInfo round, LocalDate asOf, ViewerInfo viewer, Tally totals, int talks, List<Bar> byCategory,
			List<Bar> byDepartment, Lights lights, List<OverdueMeasure> overdue, List<Point> trend,
			List<NoticeService.Notice> notices, ProgressFigures.RulesFigures rules,
			ProgressFigures.RecheckFigures rechecks) {
	}

	record RoundInfo(String id, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			String status, String statusLabel) {
	}

	/** {@code maySampleRechecks}: the office may sample a closed measure for a 回头看 from the dashboard. */
	record ViewerInfo(String id, String name, boolean mayIssueNotices, boolean maySampleRechecks) {
	}

	/** One bar: a category or a department, with its measures counted. */
	record Bar(String key, String label, Tally tally) {
	}

	/**
	 * The colours the latest review gave the open measures (closed ones no longer light up); unreviewed = open but
	 * never reviewed.
	 */
	record Lights(int red, int yellow, int green, int unreviewed, List<Lit> redMeasures) {
	}

	record Lit(String key, String text, String problemTitle, String departmentName, String responsiblePersonName,
			LocalDate deadline, String level, String levelLabel) {
	}

	private final LedgerView ledger;
	private final ReportQueries queries;
	private final NoticeService notices;
	private final Directory directory;
	private final RoundProgress progress;

	DashboardService(LedgerView ledger, ReportQueries queries, NoticeService notices, Directory directory,
			RoundProgress progress) {
		this.ledger = ledger;
		this.queries = queries;
		this.notices = notices;
		this.directory = directory;
		this.progress = progress;
	}

	Dashboard dashboard(String roundKey, Viewer viewer) {
		RoundTree tree = ledger.tree(roundKey, viewer);
		Map<String, Marks> marks = queries.marks(roundKey);
		var byCategory = tree.categories().stream().map(c -> new Bar(String.valueOf(c.seq()), c.title(),
				Tally.of(c.problems().stream().flatMap(p -> p.measures().stream()).toList()))).toList();
		Map<String, List<MeasureNode>> departments = RoundProgress.measures(tree).collect(Collectors
				.groupingBy(m -> m.department() == null ? "" : m.department(), LinkedHashMap::new, Collectors.toList()));
		var byDepartment = departments.entrySet().stream()
				.map(e -> new Bar(e.getKey(), e.getValue().get(0).departmentName(), Tally.of(e.getValue()))).toList();
		return new Dashboard(
				new RoundInfo(tree.id(), tree.title(), tree.unit(), tree.inspectionTeam(), tree.feedbackDate(),
						tree.status(), tree.statusLabel()),
				Now.today(),
				new ViewerInfo(viewer.userId(), directory.personName(viewer.userId()),
						viewer.isIn(Roles.OFFICE, Roles.SECRETARY), viewer.isIn(Roles.OFFICE)),
				Tally.of(RoundProgress.measures(tree).toList()), queries.talks(roundKey), byCategory, byDepartment,
				lights(tree, marks), RoundProgress.overdue(tree), queries.trend(roundKey), notices.ofRound(roundKey),
				RoundProgress.rules(tree), progress.rechecks(roundKey));
	}

	private static Lights lights(RoundTree tree, Map<String, Marks> marks) {
		Map<Colour, Integer> counts = new EnumMap<>(Colour.class);
		int unreviewed = 0;
		List<Lit> red = new ArrayList<>();
		for (var category : tree.categories()) {
			for (var problem : category.problems()) {
				for (MeasureNode m : problem.measures()) {
					if (!MeasureStatus.valueOf(m.status()).isOpen()) {
						continue;
					}
					Marks mark = marks.get(m.key());
					if (mark == null || mark.colour() == null) {
						unreviewed++;
						continue;
					}
					counts.merge(mark.colour(), 1, Integer::sum);
					if (mark.colour() == Colour.RED) {
						Level level = mark.escalationLevel() == null ? Level.NONE : Level.valueOf(mark.escalationLevel());
						red.add(new Lit(m.key(), m.text(), problem.title(), m.departmentName(),
								m.responsiblePersonName(), m.deadline(), level.name(), level.label()));
					}
				}
			}
		}
		return new Lights(counts.getOrDefault(Colour.RED, 0), counts.getOrDefault(Colour.YELLOW, 0),
				counts.getOrDefault(Colour.GREEN, 0), unreviewed, red);
	}
}
