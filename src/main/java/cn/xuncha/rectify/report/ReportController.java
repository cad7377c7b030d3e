package cn.xuncha.rectify.report;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import cn.xuncha.rectify.ledger.LedgerView;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/** The dashboard's data and the ledger as Excel. */
@RestController
class ReportController {

	static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final DashboardService dashboards;
	private final LedgerView ledger;
	private final ReportQueries queries;

	ReportController(DashboardService dashboards, LedgerView ledger, ReportQueries queries) {
		this.dashboards = dashboards;
		this.ledger = ledger;
		this.queries = queries;
	}

	@GetMapping("/api/dashboard/{roundId}")
	DashboardService.Dashboard dashboard(@PathVariable String roundId, Viewer viewer) {
		viewer.require("查看整改看板 (read the dashboard)", Roles.SEE_ALL.toArray(String[]::new));
		return dashboards.dashboard(roundId, viewer);
	}

	/** Staff get their department's rows only, as in the ledger API. */
	@GetMapping("/api/rounds/{id}/ledger.xlsx")
	ResponseEntity<StreamingResponseBody> ledger(@PathVariable String id, Viewer viewer) {
		// read before streaming starts, so that a missing round or a refusal still answers as JSON
		var tree = ledger.tree(id, viewer);
		var marks = queries.marks(id);
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("整改台账-" + id + ".xlsx", StandardCharsets.UTF_8)
								.build().toString())
				.contentType(XLSX).body(out -> LedgerWorkbook.write(tree, marks, out));
	}
}
