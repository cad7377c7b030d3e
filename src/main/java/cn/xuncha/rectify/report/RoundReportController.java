package cn.xuncha.rectify.report;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/**
 * A round's signed rectification reports (整改情况报告): the two-month report and the final one, read by all who see
 * every matter. They are made in the round process (drafted by the office, signed by the secretary), never here.
 */
@RestController
class RoundReportController {

	private static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";

	private final RoundReports reports;

	RoundReportController(RoundReports reports) {
		this.reports = reports;
	}

	@GetMapping("/api/rounds/{id}/reports")
	List<RoundReports.Report> list(@PathVariable String id, Viewer viewer) {
		requireReader(viewer);
		return reports.ofRound(id);
	}

	@GetMapping("/api/round-reports/{id}")
	ResponseEntity<String> html(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.header("Content-Security-Policy", REPORT_CSP).header("X-Content-Type-Options", "nosniff")
				.body(reports.html(id));
	}

	@GetMapping("/api/round-reports/{id}.docx")
	ResponseEntity<byte[]> docx(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		var report = reports.report(id);
		String file = "%s-%s.docx".formatted(report.kindLabel(), report.roundId());
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(file, StandardCharsets.UTF_8).build().toString())
				.contentType(NoticeController.DOCX).body(reports.docx(id));
	}

	/** The figures the report states, as frozen with it. */
	@GetMapping(path = "/api/round-reports/{id}/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	String figures(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		return reports.storedFigures(id);
	}

	private static void requireReader(Viewer viewer) {
		viewer.require("查看整改情况报告 (read rectification reports)", Roles.SEE_ALL.toArray(String[]::new));
	}
}
