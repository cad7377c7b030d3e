package cn.xuncha.rectify.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.system.MatterDocuments;
import cn.xuncha.rectify.system.Now;

/**
 * 一事一档: one matter's file as a zip — {@code dossier.html} to read, {@code dossier.json} with the same data,
 * {@code evidence/<id>-<name>} the evidence files, and {@code manifest.json} with every other file's size and
 * SHA-256, the generation time and the audit chain's head, which {@link DossierVerifier} checks.
 */
@Component
class Dossier {

	static final String HTML = "dossier.html";
	static final String JSON = "dossier.json";
	static final String MANIFEST = "manifest.json";

	private final AuditTrail trails;
	private final AuditChain chain;
	private final MeasureEvents measureEvents;
	/** Documents other features file under a matter (a round's signed reports). */
	private final List<MatterDocuments> documents;
	private final ObjectMapper json;

	Dossier(AuditTrail trails, AuditChain chain, MeasureEvents measureEvents, ObjectMapper json,
			List<MatterDocuments> documents) {
		this.documents = documents;
		this.trails = trails;
		this.chain = chain;
		this.measureEvents = measureEvents;
		this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
	}

	/** An evidence file as filed: where in the zip, and whether its content still has the recorded hash. */
	record FiledEvidence(AuditTrail.EvidenceFile file, String path, String contentSha256, boolean intact) {
	}

	/** A document filed under the matter (a signed report): where in the zip, and whether it still has its hash. */
	record FiledDocument(String path, String contentType, long size, String sha256, boolean intact) {
	}

	/** Everything the dossier says; written as dossier.json. */
	record Content(Instant generatedAt, AuditTrail.Actor generatedBy, AuditTrail.Matter matter,
			List<AuditTrail.Entry> entries, List<FiledEvidence> evidence, AuditTrail.ChainState chain,
			AuditChain.Verification verification, List<FiledDocument> documents) {
	}

	record ManifestFile(String name, long size, String sha256) {
	}

	record Manifest(String businessKey, Instant generatedAt, String algorithm, AuditChain.Head chainHead,
			List<ManifestFile> files) {
	}

	/** What is read from the database before streaming starts, so that errors still answer as JSON. */
	record Prepared(AuditTrail.Trail trail, AuditChain.Verification verification, AuditTrail.Actor generatedBy,
			Instant generatedAt) {
	}

	Prepared prepare(AuditTrail.Scope scope, AuditTrail.Actor generatedBy) {
		AuditTrail.Trail trail = trails.trail(scope);
		return new Prepared(trail, chain.verify(), generatedBy, Now.instant());
	}

	void write(Prepared prepared, OutputStream out) throws IOException {
		AuditTrail.Trail trail = prepared.trail();
		List<ManifestFile> files = new ArrayList<>();
		try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
			List<FiledEvidence> evidence = new ArrayList<>();
			for (AuditTrail.EvidenceFile file : trail.evidence()) {
				byte[] content = measureEvents.evidenceFile(file.id()).map(MeasureEvents.EvidenceFile::content)
						.orElse(new byte[0]);
				String path = "evidence/" + file.id() + "-" + safeName(file.fileName());
				String sha256 = Payloads.sha256(content);
				evidence.add(new FiledEvidence(file, path, sha256,
						sha256.equals(file.sha256()) && sha256.equals(file.chainSha256())));
				files.add(entry(zip, path, content));
			}
			List<FiledDocument> filed = new ArrayList<>();
			for (MatterDocuments source : documents) {
				for (MatterDocuments.Document d : source.of(trail.matter().key())) {
					String sha256 = Payloads.sha256(d.content());
					filed.add(new FiledDocument(d.name(), d.contentType(), d.content().length, sha256,
							sha256.equals(d.sha256())));
					files.add(entry(zip, d.name(), d.content()));
				}
			}
			var content = new Content(prepared.generatedAt(), prepared.generatedBy(), trail.matter(), trail.entries(),
					evidence, trail.chain(), prepared.verification(), filed);
			files.add(0, entry(zip, HTML, DossierHtml.render(content).getBytes(StandardCharsets.UTF_8)));
			files.add(1, entry(zip, JSON, json.writeValueAsBytes(content)));
			var manifest = new Manifest(trail.matter().key(), prepared.generatedAt(), "SHA-256", trail.chain().head(),
					files);
			entry(zip, MANIFEST, json.writeValueAsBytes(manifest));
		}
	}

	private static ManifestFile entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content);
		zip.closeEntry();
		return new ManifestFile(name, content.length, Payloads.sha256(content));
	}

	/** A file name that is one safe path segment on every system; the Chinese stays. */
	static String safeName(String name) {
		String safe = name == null ? "" : name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").replaceAll("^\\.+", "_")
				.strip();
		if (safe.isEmpty()) {
			safe = "file";
		}
		return safe.length() > 120 ? safe.substring(safe.length() - 120) : safe;
	}
}
