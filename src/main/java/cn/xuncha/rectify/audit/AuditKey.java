package cn.xuncha.rectify.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The audit chain's key, kept outside the database so that whoever can write the tables cannot re-seal a rewritten
 * chain: {@code RECTIFY_AUDIT_KEY} / {@code rectify.audit.key} (base64), else the key file
 * {@code rectify.audit.key-file} (default {@code ${rectify.data-dir}/audit.key}), generated on the first start of
 * the demo. The prod profile never generates one: a key made on one node would not be the other nodes' key, and a
 * key lost with a container would leave the chain unverifiable.
 */
@Component
class AuditKey {

	static final String PROPERTY = "rectify.audit.key";
	static final String FILE_PROPERTY = "rectify.audit.key-file";
	static final String ALGORITHM = "HmacSHA256";
	private static final int GENERATED_BYTES = 32;
	private static final int MIN_BYTES = 16;

	private static final Logger log = LoggerFactory.getLogger(AuditKey.class);

	private final SecretKeySpec key;
	private final String id;

	@Autowired
	AuditKey(Environment environment) {
		this(resolve(environment.getProperty(PROPERTY), Path.of(environment.getProperty(FILE_PROPERTY,
				environment.getProperty("rectify.data-dir", "./data") + "/audit.key")),
				environment.matchesProfiles("prod")));
	}

	AuditKey(byte[] key) {
		if (key.length < MIN_BYTES) {
			throw new IllegalStateException("审计链密钥过短，至少 %d 字节 (the audit chain key RECTIFY_AUDIT_KEY must be at least %d bytes, base64)"
					.formatted(MIN_BYTES, MIN_BYTES));
		}
		this.key = new SecretKeySpec(key, ALGORITHM);
		// Names the key in the chain's keying record without revealing it.
		this.id = HexFormat.of().formatHex(mac().doFinal("rectify-audit-key-id".getBytes(StandardCharsets.UTF_8)))
				.substring(0, 16);
	}

	/** A fresh MAC under the key; one per seal or verification run (a Mac is not thread-safe). */
	Mac mac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A public fingerprint of the key: two nodes, or a chain and a node, share a key when their ids match. */
	String id() {
		return id;
	}

	static byte[] resolve(String configured, Path file, boolean production) {
		if (configured != null && !configured.isBlank()) {
			return decode(configured.strip(), PROPERTY);
		}
		if (Files.isRegularFile(file)) {
			try {
				return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
			}
			catch (IOException e) {
				throw new UncheckedIOException("审计链密钥文件不可读 (cannot read the audit chain key file) " + file, e);
			}
		}
		if (production) {
			throw new IllegalStateException(("prod 配置必须通过环境变量 RECTIFY_AUDIT_KEY（base64，32 字节）或已有的密钥文件 %s 提供审计链密钥 "
					+ "(the prod profile needs the audit chain key in RECTIFY_AUDIT_KEY, base64 of 32 random bytes, or an existing key file %s)")
					.formatted(file, file));
		}
		return generate(file);
	}

	private static byte[] decode(String base64, String from) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException("审计链密钥不是 base64 (the audit chain key RECTIFY_AUDIT_KEY is not base64) in " + from);
		}
	}

	/** Owner-only where the file system knows POSIX permissions; created exclusively, so two starts agree. */
	private static byte[] generate(Path file) {
		byte[] key = new byte[GENERATED_BYTES];
		new SecureRandom().nextBytes(key);
		byte[] text = Base64.getEncoder().encode(key);
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
			}
			Files.write(file, text);
		}
		catch (FileAlreadyExistsException e) {
			return resolve(null, file, true);
		}
		catch (IOException e) {
			throw new UncheckedIOException("无法写入审计链密钥文件 (cannot write the audit chain key file) " + file, e);
		}
		log.warn("Generated the audit chain key {}: keep a copy outside this machine; without it the chain cannot be verified",
				file.toAbsolutePath());
		return key;
	}
}
