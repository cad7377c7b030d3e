package cn.xuncha.rectify.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.report.ReportQueries.Marks;
import cn.xuncha.rectify.ledger.LedgerView.MeasureNode;
import cn.xuncha.rectify.ledger.LedgerView.RoundTree;

/** The ledger (整改台账) as an Excel sheet, one row per measure, as offices keep and forward it. */
final class LedgerWorkbook {

	record Column(String header, int width) {
	}

	/** Widths in characters (a Chinese character counts about two). */
	static final List<Column> COLUMNS = List.of(new Column("问题分类", 26), new Column("问题", 24),
			new Column("措施编号", 18), new Column("整改措施", 60), new Column("责任科室", 12), new Column("经办人", 10),
			new Column("牵头领导", 10), new Column("整改时限", 12), new Column("状态", 11), new Column("红黄绿灯", 10),
			new Column("最新进展", 40), new Column("销号日期", 12), new Column("制度成果", 40));

	private LedgerWorkbook() {
	}

	/** Rows kept in memory while writing; the rest go to a compressed temporary file (SXSSF). */
	private static final int WINDOW = 200;

	/**
	 * Streams the workbook to {@code out}: rows are flushed as they are written, so memory does not grow with the
	 * number of measures.
	 */
	static void write(RoundTree tree, Map<String, Marks> marks, java.io.OutputStream out) {
		SXSSFWorkbook book = new SXSSFWorkbook(WINDOW);
		book.setCompressTempFiles(true);
		try {
			Styles styles = new Styles(book);
			SXSSFSheet sheet = book.createSheet("整改台账");
			Row header = sheet.createRow(0);
			for (int c = 0; c < COLUMNS.size(); c++) {
				sheet.setColumnWidth(c, COLUMNS.get(c).width() * 256);
				var cell = header.createCell(c);
				cell.setCellValue(COLUMNS.get(c).header());
				cell.setCellStyle(styles.header);
			}
			header.setHeightInPoints(22);
			int r = 0;
			for (var category : tree.categories()) {
				for (var problem : category.problems()) {
					for (MeasureNode m : problem.measures()) {
						Marks mark = marks.getOrDefault(m.key(), new Marks(null, null, null));
						Row row = sheet.createRow(++r);
						text(row, 0, category.title(), styles.text);
						text(row, 1, problem.title(), styles.text);
						text(row, 2, m.key(), styles.text);
						text(row, 3, m.text(), styles.text);
						text(row, 4, m.departmentName(), styles.text);
						text(row, 5, m.responsiblePersonName(), styles.text);
						text(row, 6, problem.leadLeaderName(), styles.text);
						date(row, 7, m.deadline(), styles.date);
						text(row, 8, m.statusLabel(), styles.text);
						text(row, 9, mark.colour() == null ? "" : mark.colour().label(),
								mark.colour() == null ? styles.text : styles.colour(mark.colour()));
						text(row, 10, m.latestProgress(), styles.text);
						date(row, 11, mark.doneOn(), styles.date);
						text(row, 12, rules(m), styles.text);
					}
				}
			}
			sheet.createFreezePane(0, 1);
			sheet.setAutoFilter(new CellRangeAddress(0, Math.max(r, 1), 0, COLUMNS.size() - 1));
			sheet.setRepeatingRows(new CellRangeAddress(0, 0, 0, COLUMNS.size() - 1));
			sheet.getPrintSetup().setLandscape(true);
			sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
			sheet.setFitToPage(true);
			sheet.getPrintSetup().setFitWidth((short) 1);
			sheet.getPrintSetup().setFitHeight((short) 0);
			book.write(out);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the ledger as XLSX", e);
		}
		finally {
			book.dispose();
			try {
				book.close();
			}
			catch (IOException e) {
				// the temporary files are gone already (dispose)
			}
		}
	}

	/** 建立健全的制度, one a line: 《名称》（文号，印发日期，新建/修订）. */
	private static String rules(MeasureNode m) {
		return m.rules().stream().map(r -> r.title() + "（" + (r.documentNumber() == null ? "" : r.documentNumber() + "，")
				+ r.issuedOn() + "，" + r.kindLabel() + "）").collect(java.util.stream.Collectors.joining("\n"));
	}

	private static void text(Row row, int column, String value, CellStyle style) {
		var cell = row.createCell(column);
		cell.setCellValue(value == null ? "" : value);
		cell.setCellStyle(style);
	}

	private static void date(Row row, int column, LocalDate value, CellStyle style) {
		var cell = row.createCell(column);
		if (value != null) {
			cell.setCellValue(value);
		}
		cell.setCellStyle(style);
	}

	private static final class Styles {
		final CellStyle header;
		final CellStyle text;
		final CellStyle date;
		final CellStyle red;
		final CellStyle yellow;
		final CellStyle green;

		Styles(Workbook book) {
			var bold = book.createFont();
			bold.setBold(true);
			header = bordered(book);
			header.setFont(bold);
			header.setAlignment(HorizontalAlignment.CENTER);
			header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
			header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
			text = bordered(book);
			date = bordered(book);
			date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
			date.setAlignment(HorizontalAlignment.CENTER);
			red = filled(book, IndexedColors.ROSE);
			yellow = filled(book, IndexedColors.LIGHT_YELLOW);
			green = filled(book, IndexedColors.LIGHT_GREEN);
		}

		CellStyle colour(Colour colour) {
			return switch (colour) {
				case RED -> red;
				case YELLOW -> yellow;
				case GREEN -> green;
			};
		}

		private CellStyle filled(Workbook book, IndexedColors fill) {
			CellStyle style = bordered(book);
			style.setAlignment(HorizontalAlignment.CENTER);
			style.setFillForegroundColor(fill.getIndex());
			style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
			return style;
		}

		private static CellStyle bordered(Workbook book) {
			CellStyle style = book.createCellStyle();
			style.setWrapText(true);
			style.setVerticalAlignment(VerticalAlignment.TOP);
			style.setBorderTop(BorderStyle.THIN);
			style.setBorderBottom(BorderStyle.THIN);
			style.setBorderLeft(BorderStyle.THIN);
			style.setBorderRight(BorderStyle.THIN);
			return style;
		}
	}
}
