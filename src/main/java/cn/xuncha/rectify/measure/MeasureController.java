package cn.xuncha.rectify.measure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.security.Viewer;

/** A measure's file: its progress reports, returns and closure, and its evidence files for download. */
@RestController
class MeasureController {

	private final Ledger ledger;
	private final MeasureEvents events;

	MeasureController(Ledger ledger, MeasureEvents events) {
		this.ledger = ledger;
		this.events = events;
	}

	record MeasureFile(Measure measure, List<MeasureEvents.Event> events, List<MeasureEvents.Evidence> evidence) {
	}

	@GetMapping("/api/measures/{key}")
	MeasureFile measure(@PathVariable String key, Viewer viewer) {
		Measure measure = ledger.measure(key);
		viewer.requireSees("整改措施 (measure)", measure.department());
		return new MeasureFile(measure, events.events(measure.id()), events.evidence(measure.id()));
	}

	@GetMapping("/api/evidence/{id}")
	ResponseEntity<byte[]> evidence(@PathVariable long id, Viewer viewer) {
		var file = events.evidenceFile(id)
				.orElseThrow(() -> new NoSuchElementException("佐证材料不存在 (no such evidence file): " + id));
		viewer.requireSees("佐证材料 (evidence)", file.department());
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment()
								.filename(EvidenceFileName.clean(file.fileName()), StandardCharsets.UTF_8).build()
								.toString())
				.contentType(MediaType.parseMediaType(EvidenceFileName.cleanType(file.contentType())))
				.body(file.content());
	}
}
