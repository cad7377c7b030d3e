package cn.xuncha.rectify.audit;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.FormInputException;

/** Inspectors' audit trail (全程留痕): a matter's timeline, its dossier (一事一档), and the chain's verification. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

	private final AuditTrail trails;
	private final Dossier dossiers;
	private final AuditSeal seal;
	private final Directory directory;

	AuditController(AuditTrail trails, Dossier dossiers, AuditSeal seal, Directory directory) {
		this.trails = trails;
		this.dossiers = dossiers;
		this.seal = seal;
		this.directory = directory;
	}

	/** The chain, the ledger against it, and optionally a head published in a notice or dossier (seq + hash). */
	@GetMapping("/verify")
	AuditChain.Verification verify(@RequestParam(required = false) Long seq,
			@RequestParam(required = false) String hash, Viewer viewer) {
		viewer.require("校验审计链 (verify the audit chain)", Roles.INSPECTORS, Roles.OFFICE, Roles.ADMIN);
		if ((seq == null) != (hash == null)) {
			throw new FormInputException(seq == null ? "seq" : "hash",
					"核对链头需同时提供记录号 seq 与哈希 hash (checking a head needs both seq and hash)");
		}
		return seal.check(seq == null ? null : new AuditChain.PublishedHead(seq, hash));
	}

	/** How far the latest verification on this node has got: records checked of the chain's length. */
	@GetMapping("/verify/progress")
	AuditSeal.Progress verifyProgress(Viewer viewer) {
		viewer.require("校验审计链 (verify the audit chain)", Roles.INSPECTORS, Roles.OFFICE, Roles.ADMIN);
		return seal.progress();
	}

	@GetMapping("/{key}")
	AuditTrail.Trail trail(@PathVariable String key, Viewer viewer) {
		return trails.trail(trails.scope(key, viewer));
	}

	@GetMapping("/{key}/dossier")
	ResponseEntity<StreamingResponseBody> dossier(@PathVariable String key, Viewer viewer) {
		var prepared = dossiers.prepare(trails.scope(key, viewer),
				new AuditTrail.Actor(viewer.userId(), directory.personName(viewer.userId())));
		String file = "dossier-" + prepared.trail().matter().key() + ".zip";
		return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
				.contentType(MediaType.parseMediaType("application/zip"))
				.body(out -> dossiers.write(prepared, out));
	}
}
