package cn.xuncha.rectify.report;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/** Progress notices (整改进展情况通报): issued by the office or the secretary, read by all who see every matter. */
@RestController
class NoticeController {

	static final MediaType DOCX = MediaType
			.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	/** The frozen HTML has no script and needs nothing from outside; a browser may run or fetch nothing for it. */
	private static final String NOTICE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";

	private final NoticeService notices;

	NoticeController(NoticeService notices) {
		this.notices = notices;
	}

	@PostMapping("/api/rounds/{id}/notices")
	ResponseEntity<NoticeService.Notice> issue(@PathVariable String id, Viewer viewer) {
		viewer.require("发布整改进展通报 (issue a progress notice)", Roles.OFFICE, Roles.SECRETARY);
		var notice = notices.issue(id, viewer);
		return ResponseEntity.created(URI.create(notice.html())).body(notice);
	}

	@GetMapping("/api/rounds/{id}/notices")
	List<NoticeService.Notice> list(@PathVariable String id, Viewer viewer) {
		requireReader(viewer);
		return notices.ofRound(id);
	}

	@GetMapping("/api/notices/{id}")
	ResponseEntity<String> html(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.header("Content-Security-Policy", NOTICE_CSP).header("X-Content-Type-Options", "nosniff")
				.body(notices.html(id));
	}

	@GetMapping("/api/notices/{id}.docx")
	ResponseEntity<byte[]> docx(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		var notice = notices.notice(id);
		String file = "整改进展情况通报-%s-第%d期.docx".formatted(notice.roundId(), notice.seq());
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(file, StandardCharsets.UTF_8).build().toString())
				.contentType(DOCX).body(notices.docx(id));
	}

	/** The figures the notice states, as frozen with it. */
	@GetMapping(path = "/api/notices/{id}/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	String figures(@PathVariable long id, Viewer viewer) {
		requireReader(viewer);
		return notices.figures(id);
	}

	private static void requireReader(Viewer viewer) {
		viewer.require("查看整改进展通报 (read progress notices)", Roles.SEE_ALL.toArray(String[]::new));
	}
}
