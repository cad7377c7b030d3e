package cn.xuncha.rectify.measure;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * An evidence file's name and type as the uploader's browser stated them are untrusted: the name becomes a
 * Content-Disposition and a file on the downloader's disk, the type the Content-Type of the download. Cleaned when
 * stored and again when served (rows stored before the cleaning).
 */
final class EvidenceFileName {

	static final String FALLBACK = "evidence";
	/** rect_evidence.file_name */
	static final int MAX_NAME = 255;
	/** rect_evidence.content_type */
	static final int MAX_TYPE = 128;

	private EvidenceFileName() {
	}

	/**
	 * The last path segment, without control and format characters (bidi overrides can disguise an extension),
	 * quotes and characters Windows refuses in names, without leading dots, at most {@value #MAX_NAME} characters
	 * with its extension kept.
	 */
	static String clean(String name) {
		if (name == null) {
			return FALLBACK;
		}
		String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		var out = new StringBuilder();
		base.codePoints().forEach(cp -> {
			int type = Character.getType(cp);
			if (type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
					&& type != Character.UNASSIGNED && "\"'<>:*?|".indexOf(cp) < 0) {
				out.appendCodePoint(cp);
			}
		});
		String cleaned = out.toString().strip().replaceFirst("^[.\\s]+", "");
		if (cleaned.isEmpty()) {
			return FALLBACK;
		}
		if (cleaned.codePointCount(0, cleaned.length()) <= MAX_NAME) {
			return cleaned;
		}
		int dot = cleaned.lastIndexOf('.');
		String extension = dot > 0 && cleaned.length() - dot <= 16 ? cleaned.substring(dot) : "";
		String stem = cleaned.substring(0, cleaned.length() - extension.length());
		int keep = MAX_NAME - extension.codePointCount(0, extension.length());
		return stem.substring(0, stem.offsetByCodePoints(0, keep)) + extension;
	}

	/** type/subtype as stated when it is one, else application/octet-stream; parameters dropped. */
	static String cleanType(String type) {
		if (type == null || type.length() > MAX_TYPE) {
			return MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
		try {
			MediaType parsed = MediaType.parseMediaType(type);
			return parsed.isConcrete() ? parsed.getType() + "/" + parsed.getSubtype()
					: MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
		catch (InvalidMediaTypeException e) {
			return MediaType.APPLICATION_OCTET_STREAM_VALUE;
		}
	}
}
