package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static cn.xuncha.rectify.report.ReportFixture.measures;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;

/** The ledger as Excel, read back with POI: every measure for the office, only its department's for staff. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LedgerWorkbookApiTest {

	static final List<String> HEADERS = List.of("问题分类", "问题", "措施编号", "整改措施", "责任科室", "经办人", "牵头领导", "整改时限",
			"状态", "红黄绿灯", "最新进展", "销号日期", "制度成果");
	static final String PATH = "/api/rounds/" + ROUND + "/ledger.xlsx";

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;

	@Test
	void officeGetsEveryMeasureWithChineseHeadersFrozenAndFiltered() throws Exception {
		var response = get(rest, "office", PATH, byte[].class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType()).isEqualTo(ReportController.XLSX);
		assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("整改台账-HZSW-2020.xlsx");
		try (var book = new XSSFWorkbook(new ByteArrayInputStream(response.getBody()))) {
			XSSFSheet sheet = book.getSheetAt(0);
			assertThat(row(sheet.getRow(0))).isEqualTo(HEADERS);
			assertThat(sheet.getLastRowNum()).isEqualTo(35);
			assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
			assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
			assertThat(sheet.getCTWorksheet().isSetAutoFilter()).isTrue();
			assertThat(sheet.getRow(1).getCell(3).getCellStyle().getWrapText()).isTrue();
			assertThat(sheet.getColumnWidth(3)).isGreaterThan(sheet.getColumnWidth(4));

			Map<String, Measure> byKey = measures(ledger).stream()
					.collect(Collectors.toMap(Measure::key, m -> m));
			List<String> keys = new ArrayList<>();
			for (int r = 1; r <= 35; r++) {
				List<String> cells = row(sheet.getRow(r));
				Measure m = byKey.get(cells.get(2));
				assertThat(m).as(cells.get(2)).isNotNull();
				keys.add(m.key());
				assertThat(cells.get(3)).isEqualTo(m.text());
				assertThat(cells.get(4)).doesNotStartWith("dept-").isNotBlank();
				assertThat(cells.get(5)).doesNotStartWith("staff-").isNotBlank();
				assertThat(cells.get(6)).isIn("李建华", "张明", "陈志远");
				assertThat(cells.get(7)).isEqualTo(m.deadline().toString());
				assertThat(cells.get(8)).isEqualTo(m.status().label());
				assertThat(cells.get(9)).isIn("", "红灯", "黄灯", "绿灯");
				assertThat(cells.get(11).isEmpty()).as("closure date of " + m.key()).isEqualTo(m.status().isOpen());
			}
			assertThat(keys).containsExactlyInAnyOrderElementsOf(byKey.keySet());
			assertThat(column(sheet, 9)).contains("红灯");
			assertThat(column(sheet, 0)).contains("贯彻落实习近平生态文明思想和上级重大决策部署有差距");
			assertThat(String.join("\n", column(sheet, 12))).contains("《执法科案件录入制度》", "《执法科学习制度》", "新建",
					"修订");
		}
	}

	@Test
	void staffGetOnlyTheirDepartmentsRows() throws Exception {
		var response = get(rest, "staff-law", PATH, byte[].class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		long lawMeasures = measures(ledger).stream().filter(m -> "dept-law".equals(m.department())).count();
		assertThat(lawMeasures).isPositive().isLessThan(35);
		try (var book = new XSSFWorkbook(new ByteArrayInputStream(response.getBody()))) {
			XSSFSheet sheet = book.getSheetAt(0);
			assertThat(row(sheet.getRow(0))).isEqualTo(HEADERS);
			assertThat(sheet.getLastRowNum()).isEqualTo((int) lawMeasures);
			assertThat(column(sheet, 4)).containsOnly("执法科");
		}
	}

	@Test
	void ledgerNeedsLogin() {
		assertThat(get(rest, null, PATH, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(get(rest, "office", "/api/rounds/NO-SUCH/ledger.xlsx", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private static List<String> row(Row row) {
		DataFormatter format = new DataFormatter();
		List<String> cells = new ArrayList<>();
		for (int c = 0; c < HEADERS.size(); c++) {
			cells.add(row.getCell(c) == null ? "" : format.formatCellValue(row.getCell(c)));
		}
		return cells;
	}

	private static List<String> column(XSSFSheet sheet, int column) {
		List<String> values = new ArrayList<>();
		for (int r = 1; r <= sheet.getLastRowNum(); r++) {
			values.add(row(sheet.getRow(r)).get(column));
		}
		return values;
	}
}
