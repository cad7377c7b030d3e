package cn.xuncha.rectify.report;

import java.time.LocalDate;
import java.util.List;

/**
 * The figures a rectification report is drafted from, frozen on the day drafting starts (the process variable
 * {@code reportFigures}, shown read-only in the forms): the measures completed, basically completed and continuing,
 * not completed, each with its measures, and the completion rate as the notices compute it.
 */
record RoundReportFigures(LocalDate asOf, LocalDate dueDate, String summary, List<Line> completed,
		List<Line> longTerm, List<Line> open, ProgressFigures figures) {

	/** One measure as the forms' tables list it. */
	record Line(String key, String text, String department, String status, String deadline) {
	}
}
