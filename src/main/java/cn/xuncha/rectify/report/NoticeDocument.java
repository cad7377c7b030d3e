package cn.xuncha.rectify.report;

import java.util.List;

/**
 * A notice as a sequence of blocks in the outline of Chinese official documents (一、 / (一) / 1.); written once by
 * {@link NoticeWriter}, rendered alike as HTML and as DOCX so both say exactly the same.
 */
record NoticeDocument(String title, List<Block> blocks) {

	sealed interface Block {
	}

	/** The document's title, centred. */
	record Title(String text) implements Block {
	}

	/** A centred line under the title, e.g. （第3期）. */
	record Subtitle(String text) implements Block {
	}

	/** Level 1 = 一、 section, 2 = (一) category, 3 = 1. problem; the numbering is part of the text. */
	record Heading(int level, String text) implements Block {
	}

	record Paragraph(String text) implements Block {
	}

	/** A lead-in such as 已完成（3项）： followed by short measure lines; the writer numbers them (一是…, 1.…). */
	record Items(String lead, List<Item> items) implements Block {
	}

	/** One line of a list: the text shown, and the measure key as a reference (may be null). */
	record Item(String text, String reference) {
	}

	/** A table whose column {@code textColumn} takes the room and wraps; the others stay on one line. */
	record Table(List<String> header, List<List<String>> rows, int textColumn) implements Block {
	}

	/** The issuing body and the date, right-aligned at the end. */
	record Signature(String issuer, String date) implements Block {
	}

	/** A small line after the signature, e.g. the audit chain's head the notice was issued at. */
	record Footnote(String text) implements Block {
	}
}
