package cn.xuncha.rectify.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upper bounds on what a client may send ({@code rectify.limits.*}): request bodies, and the size of an imported
 * round. Whatever passes them still meets the ledger's own column limits (round/LedgerInput).
 *
 * @param requestBody          the body of any request not named below
 * @param importBody           the body of a round import ({@code /api/rounds}, {@code /api/rounds/import-text})
 * @param uploadBody           the body of an evidence upload (a task's submit-form); null: derived from
 *                             {@code rectify.max-upload-bytes} as its base64 plus an ordinary request's JSON
 * @param maxProblemsPerRound  at most this many problems in one round
 * @param maxMeasuresPerRound  at most this many measures in one round (and in one problem's plan)
 */
@ConfigurationProperties("rectify.limits")
public record Limits(@DefaultValue("1MB") DataSize requestBody, @DefaultValue("5MB") DataSize importBody,
		DataSize uploadBody, @DefaultValue("500") int maxProblemsPerRound,
		@DefaultValue("5000") int maxMeasuresPerRound) {

	/** The body of an evidence upload: the explicit limit, else the file's base64 and room for the other fields. */
	public long uploadBodyBytes(long maxUploadBytes) {
		if (uploadBody != null) {
			return uploadBody.toBytes();
		}
		long base64 = 4 * ((maxUploadBytes + 2) / 3);
		return base64 + requestBody.toBytes();
	}
}
