package cn.xuncha.rectify.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An evidence file's name and type as a hostile browser might state them. */
class EvidenceFileNameTest {

	@Test
	void pathSeparatorsQuotesAndControlCharactersAreRemoved() {
		assertThat(EvidenceFileName.clean("..\\..\\windows\\system.ini")).isEqualTo("system.ini");
		assertThat(EvidenceFileName.clean("../../etc/passwd")).isEqualTo("passwd");
		assertThat(EvidenceFileName.clean("\"a\"\r\nSet-Cookie: x.pdf")).isEqualTo("aSet-Cookie x.pdf");
		assertThat(EvidenceFileName.clean("整改\u0000报告.docx")).isEqualTo("整改报告.docx");
	}

	@Test
	void bidiOverridesThatDisguiseAnExtensionAreRemoved() {
		assertThat(EvidenceFileName.clean("report\u202Efdp.exe")).isEqualTo("reportfdp.exe");
	}

	@Test
	void emptyOrDotOnlyNamesFallBack() {
		assertThat(EvidenceFileName.clean(null)).isEqualTo(EvidenceFileName.FALLBACK);
		assertThat(EvidenceFileName.clean("..")).isEqualTo(EvidenceFileName.FALLBACK);
		assertThat(EvidenceFileName.clean("dir/")).isEqualTo(EvidenceFileName.FALLBACK);
		assertThat(EvidenceFileName.clean(".htaccess")).isEqualTo("htaccess");
	}

	@Test
	void longNamesKeepTheirExtensionWithinTheColumn() {
		String cleaned = EvidenceFileName.clean("佐".repeat(400) + ".pdf");
		assertThat(cleaned.codePointCount(0, cleaned.length())).isEqualTo(EvidenceFileName.MAX_NAME);
		assertThat(cleaned).endsWith(".pdf");
	}

	@Test
	void typesAreParsedOrReplaced() {
		assertThat(EvidenceFileName.cleanType("application/pdf")).isEqualTo("application/pdf");
		assertThat(EvidenceFileName.cleanType("text/plain; charset=UTF-8")).isEqualTo("text/plain");
		assertThat(EvidenceFileName.cleanType("not a type")).isEqualTo("application/octet-stream");
		assertThat(EvidenceFileName.cleanType("*/*")).isEqualTo("application/octet-stream");
		assertThat(EvidenceFileName.cleanType("application/" + "x".repeat(200))).isEqualTo("application/octet-stream");
		assertThat(EvidenceFileName.cleanType(null)).isEqualTo("application/octet-stream");
	}
}
