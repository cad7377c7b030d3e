package cn.xuncha.rectify.system;

import java.util.List;

/**
 * Documents a feature files under a matter's key for its dossier (一事一档), e.g. a round's signed rectification
 * reports. A port in the floor, so the audit can file them without depending on the feature that owns them.
 */
public interface MatterDocuments {

	/**
	 * One document as filed: {@code name} a safe file name (e.g. {@code reports/1-两个月整改情况报告.html}),
	 * {@code sha256} of the content, as stated in the audit fact written when the document was made.
	 */
	record Document(String name, String contentType, byte[] content, String sha256) {
	}

	/** The documents filed under this round, problem or measure key, oldest first; empty when none. */
	List<Document> of(String businessKey);
}
