package cn.xuncha.rectify.measure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.RuleMade;
import cn.xuncha.rectify.ledger.RulesMade;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

/**
 * A measure's file: its progress reports, returns and closure, and its evidence files for download; and the office's
 * sample of a closed measure for a 回头看.
 */
@RestController
class MeasureController {

	private final Ledger ledger;
	private final MeasureEvents events;
	private final MeasureService measures;
	private final RulesMade rulesMade;

	MeasureController(Ledger ledger, MeasureEvents events, MeasureService measures, RulesMade rulesMade) {
		this.ledger = ledger;
		this.events = events;
		this.measures = measures;
		this.rulesMade = rulesMade;
	}

	record MeasureFile(Measure measure, List<MeasureEvents.Event> events, List<MeasureEvents.Evidence> evidence,
			List<RuleMade> rules) {
	}

	@GetMapping("/api/measures/{key}")
	MeasureFile measure(@PathVariable String key, Viewer viewer) {
		Measure measure = ledger.measure(key);
		viewer.requireSees("整改措施 (measure)", measure.department());
		return new MeasureFile(measure, events.events(measure.id()), events.evidence(measure.id()),
				rulesMade.ofMeasure(measure.id()));
	}

	record RecheckOpened(String measure, String task) {
	}

	/** 201: the department now has the 回头看 task 整改回头看 in Tasklist. */
	@PostMapping("/api/measures/{key}/recheck")
	ResponseEntity<RecheckOpened> recheck(@PathVariable String key, Viewer viewer) {
		viewer.require("抽查已销号措施回头看 (sample a closed measure for a 回头看)", Roles.OFFICE);
		measures.sampleRecheck(key, viewer.userId());
		return ResponseEntity.status(HttpStatus.CREATED).body(new RecheckOpened(key, MeasureProcess.TASK_RECHECK));
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
