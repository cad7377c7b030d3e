package cn.xuncha.rectify.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * A rectification round as imported (JSON or outline text) before it is stored: the ledger's tree of
 * categories (方面), problems (问题) and measures (措施). Text import fills only titles and texts.
 */
public record RoundDraft(String key, String title, String unit, String inspectionTeam, LocalDate feedbackDate,
		List<CategoryDraft> categories) {

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
