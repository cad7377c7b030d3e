package cn.xuncha.rectify.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.TableRowAlign;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;

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

/**
 * A notice as a Word document in the usual typography of official documents (GB/T 9704): A4, title in 小标宋 二号,
 * body in 仿宋 三号, 一、 headings in 黑体, (一) headings in 楷体.
 */
final class NoticeDocx {

	private static final String TITLE_FONT = "方正小标宋简体";
	private static final String BODY_FONT = "仿宋_GB2312";
	private static final String H1_FONT = "黑体";
	private static final String H2_FONT = "楷体_GB2312";
	/** 二号 = 22pt, 三号 = 16pt, 小四 = 12pt, 五号 = 10.5pt. */
	private static final int TITLE_SIZE = 22;
	private static final int BODY_SIZE = 16;
	private static final int TABLE_SIZE = 12;
	/** Twips per centimetre. */
	private static final double CM = 566.93;

	private NoticeDocx() {
	}

	static byte[] render(NoticeDocument doc) {
		try (XWPFDocument docx = new XWPFDocument(); var out = new ByteArrayOutputStream()) {
			docx.getProperties().getCoreProperties().setTitle(doc.title());
			pageA4(docx);
			for (Block block : doc.blocks()) {
				if (block instanceof Title t) {
					var p = paragraph(docx, ParagraphAlignment.CENTER, 0);
					run(p, t.text(), TITLE_FONT, TITLE_SIZE, true);
				}
				else if (block instanceof Subtitle s) {
					var p = paragraph(docx, ParagraphAlignment.CENTER, 0);
					p.setSpacingAfter(240);
					run(p, s.text(), H2_FONT, BODY_SIZE, false);
				}
				else if (block instanceof Heading h) {
					var p = paragraph(docx, ParagraphAlignment.LEFT, 2);
					run(p, h.text(), h.level() == 1 ? H1_FONT : h.level() == 2 ? H2_FONT : BODY_FONT, BODY_SIZE,
							h.level() == 3);
				}
				else if (block instanceof Paragraph para) {
					run(paragraph(docx, ParagraphAlignment.BOTH, 2), para.text(), BODY_FONT, BODY_SIZE, false);
				}
				else if (block instanceof Items items) {
					run(paragraph(docx, ParagraphAlignment.LEFT, 2), items.lead(), BODY_FONT, BODY_SIZE, true);
					for (Item item : items.items()) {
						var p = paragraph(docx, ParagraphAlignment.LEFT, 2);
						run(p, item.text(), BODY_FONT, BODY_SIZE, false);
						if (item.reference() != null) {
							var ref = run(p, " " + item.reference(), "Consolas", 9, false);
							ref.setColor("808080");
						}
					}
				}
				else if (block instanceof Table table) {
					table(docx, table);
				}
				else if (block instanceof Signature s) {
					var p = paragraph(docx, ParagraphAlignment.RIGHT, 0);
					p.setSpacingBefore(600);
					run(p, s.issuer(), BODY_FONT, BODY_SIZE, false).addBreak();
					run(p, s.date(), BODY_FONT, BODY_SIZE, false);
				}
				else if (block instanceof Footnote f) {
					var p = paragraph(docx, ParagraphAlignment.LEFT, 0);
					p.setSpacingBefore(480);
					run(p, f.text(), "Consolas", 8, false).setColor("808080");
				}
			}
			docx.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the notice as DOCX", e);
		}
	}

	private static void table(XWPFDocument docx, Table table) {
		List<String> header = table.header();
		XWPFTable t = docx.createTable(table.rows().size() + 1, header.size());
		t.setWidth("100%");
		t.setTableAlignment(TableRowAlign.CENTER);
		// The text column takes half the width; the others share the rest.
		String narrow = Math.round(50.0 / (header.size() - 1)) + "%";
		for (int c = 0; c < header.size(); c++) {
			cell(t.getRow(0).getCell(c), header.get(c), true);
			for (var row : t.getRows()) {
				row.getCell(c).setWidth(c == table.textColumn() ? "50%" : narrow);
			}
		}
		t.getRow(0).setRepeatHeader(true);
		for (int r = 0; r < table.rows().size(); r++) {
			List<String> row = table.rows().get(r);
			for (int c = 0; c < row.size(); c++) {
				cell(t.getRow(r + 1).getCell(c), row.get(c), false);
			}
		}
		docx.createParagraph();
	}

	private static void cell(XWPFTableCell cell, String text, boolean header) {
		XWPFParagraph p = cell.getParagraphs().get(0);
		p.setAlignment(header ? ParagraphAlignment.CENTER : ParagraphAlignment.LEFT);
		run(p, text, header ? H1_FONT : BODY_FONT, TABLE_SIZE, false);
	}

	private static XWPFParagraph paragraph(XWPFDocument docx, ParagraphAlignment alignment, int indentChars) {
		XWPFParagraph p = docx.createParagraph();
		p.setAlignment(alignment);
		p.setSpacingBetween(28, org.apache.poi.xwpf.usermodel.LineSpacingRule.EXACT);
		if (indentChars > 0) {
			p.setFirstLineIndent(indentChars * BODY_SIZE * 20);
		}
		return p;
	}

	private static XWPFRun run(XWPFParagraph p, String text, String font, int size, boolean bold) {
		XWPFRun run = p.createRun();
		run.setText(text);
		run.setFontFamily(font, FontCharRange.eastAsia);
		run.setFontFamily("Times New Roman", FontCharRange.ascii);
		run.setFontFamily("Times New Roman", FontCharRange.hAnsi);
		run.setFontSize(size);
		run.setBold(bold);
		return run;
	}

	private static void pageA4(XWPFDocument docx) {
		CTSectPr section = docx.getDocument().getBody().addNewSectPr();
		CTPageSz size = section.addNewPgSz();
		size.setW(BigInteger.valueOf(11906));
		size.setH(BigInteger.valueOf(16838));
		CTPageMar margin = section.addNewPgMar();
		margin.setTop(twips(3.7));
		margin.setBottom(twips(3.5));
		margin.setLeft(twips(2.8));
		margin.setRight(twips(2.6));
		margin.setHeader(twips(1.5));
		margin.setFooter(twips(2.8));
		margin.setGutter(BigInteger.ZERO);
	}

	private static BigInteger twips(double cm) {
		return BigInteger.valueOf(Math.round(cm * CM));
	}
}
