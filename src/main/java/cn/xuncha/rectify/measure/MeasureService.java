package cn.xuncha.rectify.measure;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerInput;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.system.FormInputException;

/**
 * Execution of one measure: progress reports, the closure request with evidence (佐证材料), returns, 销号, and the
 * periodic checks of a long-term measure (长期坚持).
 */
@Service
public class MeasureService {

	private final Ledger ledger;
	private final MeasureEvents events;
	private final RuntimeService runtime;
	private final String checkInterval;
	private final long maxUploadBytes;
	private final ApplicationEventPublisher publisher;
	private final cn.xuncha.rectify.system.Privileged privileged;

	MeasureService(Ledger ledger, MeasureEvents events, RuntimeService runtime, ApplicationEventPublisher publisher,
			cn.xuncha.rectify.system.Privileged privileged,
			@Value("${rectify.long-term-check-interval:P90D}") String checkInterval,
			@Value("${rectify.max-upload-bytes:10485760}") long maxUploadBytes) {
		this.ledger = ledger;
		this.events = events;
		this.runtime = runtime;
		this.checkInterval = checkInterval;
		this.maxUploadBytes = maxUploadBytes;
		this.publisher = publisher;
		this.privileged = privileged;
	}

	public Measure load(String measureKey) {
		return ledger.measure(measureKey);
	}

	String problemTitle(Measure measure) {
		return ledger.problem(measure.problemKey()).title();
	}

	@Transactional
	public void recordProgress(String measureKey, String actor, String note, Integer figureDone, Integer figureTotal) {
		Measure measure = ledger.measure(measureKey);
		if (note == null || note.isBlank()) {
			throw new FormInputException("progressNote", "请填写整改进展 (progress note is required)");
		}
		requireFits(note, "progressNote");
		if (figureDone != null && figureDone < 0 || figureTotal != null && figureTotal < 0) {
			throw new FormInputException("figureDone", "数量不能为负 (figures must not be negative)");
		}
		if (figureDone != null && figureTotal != null && figureDone > figureTotal) {
			throw new FormInputException("figureDone", "已完成数不能大于总数 (figureDone must not exceed figureTotal)");
		}
		events.record(measure, MeasureEvents.Kind.PROGRESS, actor, note.strip(), figureDone, figureTotal);
		ledger.updateMeasureProgress(measureKey, note.strip(), figureDone, figureTotal);
		if (measure.status() != MeasureStatus.IN_PROGRESS) {
			ledger.updateMeasureStatus(measureKey, MeasureStatus.IN_PROGRESS);
		}
	}

	/** Stores the evidence file with its SHA-256; answers the line the office and leader see. */
	@Transactional
	String requestClosure(String measureKey, String actor, String summary, FileValue file) {
		Measure measure = ledger.measure(measureKey);
		if (summary == null || summary.isBlank()) {
			throw new FormInputException("closureSummary", "请填写整改完成情况 (closure summary is required)");
		}
		requireFits(summary, "closureSummary");
		if (file == null || file.getValue() == null) {
			throw new FormInputException("evidenceFile", "请上传佐证材料 (an evidence file is required)");
		}
		byte[] content = read(file);
		if (content.length == 0) {
			throw new FormInputException("evidenceFile", "佐证材料文件为空 (the evidence file is empty)");
		}
		if (content.length > maxUploadBytes) {
			throw new FormInputException("evidenceFile", "佐证材料超过 %.1f MB (evidence file larger than %d bytes)"
					.formatted(maxUploadBytes / 1048576.0, maxUploadBytes));
		}
		String sha256 = sha256(content);
		String fileName = EvidenceFileName.clean(file.getFilename());
		long id = events.storeEvidence(measure, fileName, EvidenceFileName.cleanType(file.getMimeType()), content,
				sha256, actor);
		events.record(measure, MeasureEvents.Kind.CLOSURE_REQUESTED, actor, summary.strip(), null, null);
		ledger.updateMeasureStatus(measureKey, MeasureStatus.CLOSURE_REQUESTED);
		return "%s（%d 字节，SHA-256 %s）下载: /api/evidence/%d".formatted(fileName, content.length, sha256, id);
	}

	@Transactional
	void reopen(String measureKey, String actor, String comment) {
		requireFits(comment, "returnComment");
		Measure measure = ledger.measure(measureKey);
		events.record(measure, MeasureEvents.Kind.RETURNED, actor, comment, null, null);
		ledger.updateMeasureStatus(measureKey, MeasureStatus.IN_PROGRESS);
	}

	@Transactional
	void close(String measureKey, String actor) {
		Measure measure = ledger.measure(measureKey);
		events.record(measure, MeasureEvents.Kind.CLOSED, actor, null, null, null);
		ledger.updateMeasureStatus(measureKey, MeasureStatus.CLOSED);
		publisher.publishEvent(new MeasureFinished(measure.id(), measureKey, "措施已销号 (closed)"));
	}

	/** DOMAIN: 长期坚持 — a long-term measure does not close; it stays under periodic check. */
	@Transactional
	void keepLongTerm(String measureKey, String actor) {
		Measure measure = ledger.measure(measureKey);
		events.record(measure, MeasureEvents.Kind.LONG_TERM, actor, null, null, null);
		ledger.updateMeasureStatus(measureKey, MeasureStatus.LONG_TERM);
		publisher.publishEvent(new MeasureFinished(measure.id(), measureKey, "转入长期坚持 (long-term)"));
		// The approving leader does not start processes; the rule does.
		privileged.run(() -> runtime.createProcessInstanceByKey(MeasureProcess.LONG_TERM_CHECK).businessKey(measureKey)
				.setVariable("measureKey", measureKey).setVariable("measureText", measure.text())
				.setVariable("checkInterval", checkInterval)
				.execute());
	}

	@Transactional
	void recordCheck(String measureKey, String actor, boolean effective, String note) {
		requireFits(note, "checkNote");
		Measure measure = ledger.measure(measureKey);
		events.record(measure,
				effective ? MeasureEvents.Kind.CHECK_EFFECTIVE : MeasureEvents.Kind.CHECK_REBOUND, actor, note, null,
				null);
		ledger.updateMeasureStatus(measureKey, effective ? MeasureStatus.LONG_TERM : MeasureStatus.REBOUND);
	}

	/** A note goes into the measure's file (rect_measure_event.note) as written, within its column. */
	private static void requireFits(String note, String field) {
		String problem = LedgerInput.textProblem(note == null ? null : note.strip(), LedgerInput.NOTE, true);
		if (problem != null) {
			throw new FormInputException(field, field + ": " + problem);
		}
	}

	private static byte[] read(FileValue file) {
		try (InputStream in = file.getValue()) {
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new FormInputException("evidenceFile", "无法读取佐证材料 (cannot read the evidence file)");
		}
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
