package cn.xuncha.rectify.measure;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.xuncha.rectify.ledger.LedgerInput;
import cn.xuncha.rectify.ledger.RuleMade;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Now;

/**
 * The rules (制度成果) a form states, one a line: {@code 名称｜文号｜印发日期｜新建或修订}, e.g.
 * {@code 《执法科案件录入制度》｜海水执〔2021〕5号｜2021-03-15｜新建} — a textarea, because Tasklist's forms have no list an
 * embedded HTML form could share. The document number may be left empty. Anything else is a 400 naming the line.
 */
final class RuleLines {

	/** The form field, in forms/execute-measure.form and forms/submit-evidence.html. */
	static final String FIELD = "rulesMade";
	static final int MAX_RULES = 50;
	static final String FORMAT = "名称｜文号｜印发日期｜新建或修订";

	private static final Map<String, RuleMade.Kind> KINDS = Map.of("新建", RuleMade.Kind.NEW, "新制定",
			RuleMade.Kind.NEW, "修订", RuleMade.Kind.REVISED, "修改", RuleMade.Kind.REVISED);

	private RuleLines() {
	}

	/** The rules of the text; none for an empty or missing text. */
	static List<RuleMade.Draft> parse(String text) {
		List<RuleMade.Draft> rules = new ArrayList<>();
		if (text == null || text.isBlank()) {
			return rules;
		}
		String[] lines = text.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			if (rules.size() == MAX_RULES) {
				throw refused(i + 1, "一次最多登记 %d 项制度 (at most %d rules at once)".formatted(MAX_RULES, MAX_RULES));
			}
			rules.add(line(i + 1, lines[i]));
		}
		return rules;
	}

	private static RuleMade.Draft line(int number, String line) {
		String[] parts = line.split("[|｜]", -1);
		if (parts.length != 4) {
			throw refused(number, "应为“%s”四项，用“｜”分隔，实际为 %d 项 (expected 4 fields separated by |, found %d)"
					.formatted(FORMAT, parts.length, parts.length));
		}
		String title = parts[0].strip();
		String documentNumber = parts[1].strip();
		if (title.isEmpty()) {
			throw refused(number, "制度名称不能为空 (the title is required)");
		}
		fits(number, "制度名称 (title)", title, RuleMade.TITLE);
		fits(number, "文号 (document number)", documentNumber, RuleMade.DOCUMENT_NUMBER);
		LocalDate issuedOn;
		try {
			issuedOn = LocalDate.parse(parts[2].strip());
		}
		catch (DateTimeParseException e) {
			throw refused(number, "印发日期应为 yyyy-MM-dd，实际为“%s” (date must be yyyy-MM-dd)"
					.formatted(LedgerInput.shown(parts[2].strip())));
		}
		String dateProblem = LedgerInput.dateProblem(issuedOn);
		if (dateProblem != null) {
			throw refused(number, dateProblem);
		}
		if (issuedOn.isAfter(Now.today())) {
			throw refused(number, "印发日期 %s 晚于今天，请在制度印发后登记 (the rule must be issued already)".formatted(issuedOn));
		}
		RuleMade.Kind kind = KINDS.get(parts[3].strip());
		if (kind == null) {
			throw refused(number, "类别应为“新建”或“修订”，实际为“%s” (kind must be 新建 or 修订)"
					.formatted(LedgerInput.shown(parts[3].strip())));
		}
		return new RuleMade.Draft(title, documentNumber.isEmpty() ? null : documentNumber, issuedOn, kind);
	}

	private static void fits(int number, String what, String value, int max) {
		String problem = LedgerInput.textProblem(value, max, false);
		if (problem != null) {
			throw refused(number, what + problem);
		}
	}

	private static FormInputException refused(int line, String message) {
		return new FormInputException(FIELD, "制度成果第 %d 行 (rulesMade line %d)：%s".formatted(line, line, message));
	}
}
