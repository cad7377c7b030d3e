package cn.xuncha.rectify.round;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;

import cn.xuncha.rectify.ledger.LedgerView;
import cn.xuncha.rectify.ledger.RoundDraft;

/** Import of an inspection's feedback and the ledger API (整改台账). */
@RestController
@RequestMapping("/api/rounds")
class RoundController {

	private final RoundService rounds;
	private final LedgerView ledger;
	private final OutlineParser parser = new OutlineParser();

	RoundController(RoundService rounds, LedgerView ledger) {
		this.rounds = rounds;
		this.ledger = ledger;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RoundService.Created> create(@RequestBody RoundDraft draft, Viewer viewer) {
		viewer.require("登记巡察反馈意见 (register feedback)", Roles.OFFICE);
		return created(rounds.create(draft));
	}

	/** The plain text of a rectification document in the standard outline (一、 / (一) / 1. / 一是…). */
	@PostMapping(path = "/import-text", consumes = { MediaType.TEXT_PLAIN_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<RoundService.Created> importText(@RequestBody(required = false) String text,
			@RequestParam(required = false) String key, @RequestParam(required = false) String title,
			@RequestParam(required = false) @org.springframework.format.annotation.DateTimeFormat(
					iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE) java.time.LocalDate reportDueDate,
			@RequestParam(required = false) Boolean planSignOff, Viewer viewer) {
		viewer.require("登记巡察反馈意见 (register feedback)", Roles.OFFICE);
		RoundDraft parsed = parser.parse(title, text == null ? "" : text);
		return created(rounds.create(new RoundDraft(key, parsed.title(), parsed.unit(), parsed.inspectionTeam(),
				parsed.feedbackDate(), parsed.categories(), reportDueDate, planSignOff)));
	}

	@GetMapping
	List<LedgerView.RoundSummary> list() {
		return ledger.rounds();
	}

	/**
	 * The ledger of a round; {@code department}, {@code status} (a measure status, OPEN or OVERDUE) and {@code light}
	 * (GREEN, YELLOW, RED, NONE) select measures, {@code page} (from 1) and {@code size} (≤ 1000) page them.
	 */
	@GetMapping("/{id}/ledger")
	LedgerView.RoundTree ledger(@PathVariable String id, @RequestParam(required = false) String department,
			@RequestParam(required = false) String status, @RequestParam(required = false) String light,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			Viewer viewer) {
		return ledger.tree(id, viewer, new LedgerView.Selection(department, status, light, page, size));
	}

	private static ResponseEntity<RoundService.Created> created(RoundService.Created created) {
		return ResponseEntity.created(URI.create("/api/rounds/" + created.id() + "/ledger")).body(created);
	}
}
