package cn.xuncha.rectify.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * A rectification round as imported (JSON or outline text) before it is stored: the ledger's tree of
 * categories (方面), problems (问题) and measures (措施). Text import fills only titles and texts. The settings
 * {@code reportDueDate} and {@code planSignOff} are optional (null: the defaults, see RoundService).
 */
public record RoundDraft(String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
		List<CategoryDraft> categories, LocalDate reportDueDate, Boolean planSignOff) {

	/**
	 * A round with the default settings: the report due two months after the feedback, and the plan approved as a
	 * whole by the secretary.
	 */
	public RoundDraft(String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
			List<CategoryDraft> categories) {
		this(key, title, unit, inspectionTeam, feedbackDate, categories, null, null);
	}

	/** The same round with these settings (null keeps the default). */
	public RoundDraft withSettings(LocalDate reportDueDate, Boolean planSignOff) {
		return new RoundDraft(key, title, unit, inspectionTeam, feedbackDate, categories, reportDueDate, planSignOff);
	}

	public record CategoryDraft(String title, List<ProblemDraft> problems) {
	}

	public record ProblemDraft(String title, String department, String leadLeader, List<MeasureDraft> measures) {
	}

	public record MeasureDraft(String text, String department, String responsiblePerson, LocalDate deadline,
			MeasureType type, Integer figureDone, Integer figureTotal) {

		public static MeasureDraft ofText(String text) {
			return new MeasureDraft(text, null, null, null, MeasureType.FIXED, null, null);
		}
	}

	public int problemCount() {
		return categories.stream().mapToInt(c -> c.problems().size()).sum();
	}

	public int measureCount() {
		return categories.stream().flatMap(c -> c.problems().stream()).mapToInt(p -> p.measures().size()).sum();
	}
}
