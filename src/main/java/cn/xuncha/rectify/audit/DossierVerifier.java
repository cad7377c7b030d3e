package cn.xuncha.rectify.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a dossier (一事一档 zip) against its manifest.json: every listed file present with its size and SHA-256,
 * nothing in the zip that the manifest does not list. Usable from tests and, without starting the application,
 * from the command line:
 *
 * <pre>
 * java -cp target/rectification-0.1.0-SNAPSHOT.jar -Dloader.main=cn.xuncha.rectify.audit.DossierVerifier \
 *      org.springframework.boot.loader.launch.PropertiesLauncher dossier-HZSW-2020-P1-M1.zip
 * </pre>
 *
 * Exit status 0: intact; 1: altered (each finding names the file); 2: not readable.
 */
public final class DossierVerifier {

	/** One thing wrong with one file of the dossier. */
	public record Finding(String file, String reason) {
	}

	public record Result(boolean ok, String businessKey, String generatedAt, String chainHeadHash, int files,
			List<Finding> findings) {
	}

	private DossierVerifier() {
	}

	/** @param json the application's mapper (or, on the command line, the program's own) reads the manifest */
	public static Result verify(Path zip, ObjectMapper json) throws IOException {
		try (InputStream in = Files.newInputStream(zip)) {
			return verify(in, json);
		}
	}

	public static Result verify(byte[] zip, ObjectMapper json) throws IOException {
		return verify(new java.io.ByteArrayInputStream(zip), json);
	}

	public static Result verify(InputStream zipStream, ObjectMapper json) throws IOException {
		List<Finding> findings = new ArrayList<>();
		Map<String, long[]> sizes = new LinkedHashMap<>();
		Map<String, String> hashes = new LinkedHashMap<>();
		byte[] manifestBytes = null;
		try (var zip = new ZipInputStream(zipStream, StandardCharsets.UTF_8)) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				if (entry.isDirectory()) {
					continue;
				}
				String name = entry.getName();
				if (hashes.containsKey(name) || (Dossier.MANIFEST.equals(name) && manifestBytes != null)) {
					findings.add(new Finding(name, "文件在档案中重复出现 (duplicate entry)"));
					continue;
				}
				if (Dossier.MANIFEST.equals(name)) {
					manifestBytes = zip.readAllBytes();
					continue;
				}
				MessageDigest digest = Payloads.digest();
				long size = new DigestInputStream(zip, digest).transferTo(java.io.OutputStream.nullOutputStream());
				sizes.put(name, new long[] { size });
				hashes.put(name, HexFormat.of().formatHex(digest.digest()));
			}
		}
		if (manifestBytes == null) {
			findings.add(new Finding(Dossier.MANIFEST, "缺少清单文件 (manifest.json is missing)"));
			return new Result(false, null, null, null, hashes.size(), findings);
		}
		JsonNode manifest;
		try {
			manifest = json.readTree(manifestBytes);
		}
		catch (IOException e) {
			findings.add(new Finding(Dossier.MANIFEST, "清单不是有效的 JSON (manifest.json is not valid JSON)"));
			return new Result(false, null, null, null, hashes.size(), findings);
		}
		if (!"SHA-256".equals(manifest.path("algorithm").asText())) {
			findings.add(new Finding(Dossier.MANIFEST, "清单的算法不是 SHA-256 (algorithm is not SHA-256)"));
		}
		var listed = new java.util.HashSet<String>();
		for (JsonNode file : manifest.path("files")) {
			String name = file.path("name").asText();
			listed.add(name);
			if (!hashes.containsKey(name)) {
				findings.add(new Finding(name, "清单所列文件在档案中缺失 (listed in the manifest, missing from the zip)"));
				continue;
			}
			if (!hashes.get(name).equalsIgnoreCase(file.path("sha256").asText())) {
				findings.add(new Finding(name, "SHA-256 与清单不符，文件已被改动 (SHA-256 differs from the manifest: altered)"
						+ (sizes.get(name)[0] == file.path("size").asLong(-1) ? ""
								: "；大小：清单 %d 字节，实际 %d 字节".formatted(file.path("size").asLong(-1), sizes.get(name)[0]))));
			}
			else if (sizes.get(name)[0] != file.path("size").asLong(-1)) {
				findings.add(new Finding(name, "大小与清单不符：清单 %d 字节，实际 %d 字节 (size differs from the manifest)"
						.formatted(file.path("size").asLong(-1), sizes.get(name)[0])));
			}
		}
		for (String name : hashes.keySet()) {
			if (!listed.contains(name)) {
				findings.add(new Finding(name, "文件未列入清单 (not listed in the manifest)"));
			}
		}
		return new Result(findings.isEmpty(), manifest.path("businessKey").asText(null),
				manifest.path("generatedAt").asText(null), manifest.path("chainHead").path("hash").asText(null),
				hashes.size(), findings);
	}

	/** The command line runs without the application, so it brings the one mapper it reads manifests with. */
	public static void main(String[] args) {
		System.exit(run(args, System.out, new ObjectMapper()));
	}

	static int run(String[] args, PrintStream out, ObjectMapper json) {
		if (args.length != 1) {
			out.println("用法 (usage): DossierVerifier <dossier.zip>");
			return 2;
		}
		Result result;
		try {
			result = verify(Path.of(args[0]), json);
		}
		catch (IOException e) {
			out.println("无法读取档案 (cannot read the dossier): " + e.getMessage());
			return 2;
		}
		out.printf("档案 (dossier) %s：事项 %s，生成于 %s，审计链头 %s，文件 %d 个%n", args[0], result.businessKey(),
				result.generatedAt(), result.chainHeadHash(), result.files());
		for (Finding f : result.findings()) {
			out.printf("  ✗ %s：%s%n", f.file(), f.reason());
		}
		out.println(result.ok() ? "校验通过 (OK): 所有文件与清单一致" : "校验未通过 (FAILED)");
		return result.ok() ? 0 : 1;
	}
}
