package cn.xuncha.rectify.measure;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;

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
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.ledger.RulesMade;
import cn.xuncha.rectify.system.ConflictException;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Now;

/**
 * Execution of one measure: progress reports, the closure request with evidence (佐证材料), returns, 销号, the
 * periodic checks of a long-term measure (长期坚持) and the 回头看 of a closed one.
 */
@Service
public class MeasureService {

	/** The answers of the 回头看 form (forms/recheck-measure.form). */
	static final String RECHECK_EFFECTIVE = "effective";
	static final String RECHECK_REBOUND = "rebound";

	private final Ledger ledger;
	private final MeasureEvents events;
	private final RuntimeService runtime;
	private final String checkInterval;
	private final long maxUploadBytes;
	private final ApplicationEventPublisher publisher;
	private final cn.xuncha.rectify.system.Privileged privileged;
	private final RulesMade rulesMade;

	MeasureService(Ledger ledger, MeasureEvents events, RuntimeService runtime, ApplicationEventPublisher publisher,
			cn.xuncha.rectify.system.Privileged privileged, RulesMade rulesMade,
			@Value("${rectify.long-term-check-interval:P90D}") String checkInterval,
			@Value("${rectify.max-upload-bytes:10485760}") long maxUploadBytes) {
		this.ledger = ledger;
		this.events = events;
		this.runtime = runtime;
		this.checkInterval = checkInterval;
		this.maxUploadBytes = maxUploadBytes;
		this.publisher = publisher;
		this.privileged = privileged;
		this.rulesMade = rulesMade;
	}

	public Measure load(String measureKey) {
		return ledger.measure(measureKey);
	}

	String problemTitle(Measure measure) {
		return ledger.problem(measure.problemKey()).title();
	}

	@Transactional
	public void recordProgress(String measureKey, String actor, String note, Integer figureDone, Integer figureTotal) {
		recordProgress(measureKey, actor, note, figureDone, figureTotal, null);
	}

	/** A progress report, with the rules (制度成果) it states one a line ({@link RuleLines}), if any. */
	@Transactional
	void recordProgress(String measureKey, String actor, String note, Integer figureDone, Integer figureTotal,
			String rulesText) {
		var rules = RuleLines.parse(rulesText);
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
		// A rebounded measure stays 出现反弹 while it is rectified again; a planned one starts.
		if (!measure.isExecuting()) {
			ledger.updateMeasureStatus(measureKey, MeasureStatus.IN_PROGRESS);
		}
		if (!rules.isEmpty()) {
			rulesMade.record(measure, rules, null, actor);
		}
	}

	/** Stores the evidence file with its SHA-256; answers the line the office and leader see. */
	@Transactional
	String requestClosure(String measureKey, String actor, String summary, FileValue file, String rulesText) {
		var rules = RuleLines.parse(rulesText);
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
		// The evidence holds the rules' documents: those stated now and those stated with earlier reports.
		rulesMade.record(measure, rules, id, actor);
		rulesMade.attachEvidence(measure.id(), id);
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
		closeProblemReopenedByRebound(measure);
		// DOMAIN: 防止反弹 · 回头看 — every closed measure is checked again; the rule starts it, not the leader.
		privileged.run(() -> runtime.createProcessInstanceByKey(MeasureProcess.RECHECK).businessKey(measureKey)
				.setVariables(recheckVariables(measure, Now.today())).execute());
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

	/**
	 * A rebound reopened a closed problem; its problem process had ended, so nothing else closes it again once none
	 * of its measures is open. A problem whose process still runs is closed by that process.
	 */
	private void closeProblemReopenedByRebound(Measure closed) {
		String problemKey = closed.problemKey();
		if (ledger.problem(problemKey).status() != ProblemStatus.IN_PROGRESS
				|| ledger.measuresOfProblem(closed.problemId()).stream().anyMatch(Measure::isOpen)) {
			return;
		}
		boolean problemProcessRuns = privileged.call(() -> runtime.createProcessInstanceQuery()
				.processInstanceBusinessKey(problemKey).count() > 0);
		if (!problemProcessRuns) {
			ledger.updateProblemStatus(problemKey, ProblemStatus.CLOSED);
		}
	}

	/**
	 * DOMAIN: 回头看 — the department states whether a closed measure's result holds. A rebound reopens the measure as
	 * 出现反弹 with the new deadline it gives, so it counts as open again and the review chases it from that deadline.
	 */
	@Transactional
	void recordRecheck(String measureKey, String actor, String result, String note, LocalDate reboundDeadline) {
		if (!RECHECK_EFFECTIVE.equals(result) && !RECHECK_REBOUND.equals(result)) {
			throw new FormInputException("recheckResult", "请选择回头看结果：成效巩固或出现反弹 (recheckResult must be "
					+ RECHECK_EFFECTIVE + " or " + RECHECK_REBOUND + ")");
		}
		if (note == null || note.isBlank()) {
			throw new FormInputException("recheckNote", "请填写回头看情况 (recheckNote is required)");
		}
		Measure measure = ledger.measure(measureKey);
		if (RECHECK_EFFECTIVE.equals(result)) {
			requireFits(note, "recheckNote");
			events.record(measure, MeasureEvents.Kind.RECHECK_EFFECTIVE, actor, note.strip(), null, null);
			return;
		}
		if (reboundDeadline == null) {
			throw new FormInputException("reboundDeadline",
					"出现反弹时请填写重新整改时限 (reboundDeadline is required for a rebound)");
		}
		String dateProblem = LedgerInput.dateProblem(reboundDeadline);
		if (dateProblem != null || reboundDeadline.isBefore(Now.today())) {
			throw new FormInputException("reboundDeadline", dateProblem != null ? "reboundDeadline: " + dateProblem
					: "重新整改时限不能早于今天 (reboundDeadline %s is before today)".formatted(reboundDeadline));
		}
		String recorded = note.strip() + "\n重新整改时限：" + reboundDeadline;
		requireFits(recorded, "recheckNote");
		events.record(measure, MeasureEvents.Kind.RECHECK_REBOUND, actor, recorded, null, null);
		ledger.reopenRebound(measureKey, reboundDeadline);
		// A problem is 销号 only while all its measures are; it is closed again with the rebounded measure.
		if (ledger.problem(measure.problemKey()).status() == ProblemStatus.CLOSED) {
			ledger.updateProblemStatus(measure.problemKey(), ProblemStatus.IN_PROGRESS);
		}
	}

	/** The rebounded measure goes back to its department: a measure process as after the plan's approval. */
	@Transactional
	void rectifyAgain(String measureKey) {
		Measure measure = ledger.measure(measureKey);
		privileged.run(() -> runtime.createProcessInstanceByKey(MeasureProcess.ID).businessKey(measureKey)
				.setVariable("measureKey", measureKey).setVariable("problemKey", measure.problemKey()).execute());
	}

	/** A measure that is not closed cannot be sampled for a 回头看: answered as 409. */
	static class NotClosedException extends ConflictException {
		NotClosedException(String message) {
			super(message);
		}
	}

	/**
	 * DOMAIN: 整改办抽查 — the office checks any closed measure now: a 回头看 waiting for its timer is brought forward,
	 * one already with the department is refused, otherwise a new one starts.
	 */
	@Transactional
	public void sampleRecheck(String measureKey, String actor) {
		Measure measure = ledger.measure(measureKey);
		if (measure.status() != MeasureStatus.CLOSED) {
			throw new NotClosedException("措施 %s 当前为「%s」，只能对已销号的措施回头看 (only a closed measure can be rechecked)"
					.formatted(measureKey, measure.status().label()));
		}
		privileged.run(() -> {
			var running = runtime.createProcessInstanceQuery().processDefinitionKey(MeasureProcess.RECHECK)
					.processInstanceBusinessKey(measureKey).list();
			if (running.isEmpty()) {
				runtime.createMessageCorrelation(MeasureProcess.MESSAGE_RECHECK_SAMPLED).processInstanceBusinessKey(
						measureKey).setVariables(recheckVariables(measure, closedOn(measure))).correlateStartMessage();
				return;
			}
			String instance = running.get(0).getId();
			if (!runtime.getActiveActivityIds(instance).contains(MeasureProcess.GATEWAY_WAIT_RECHECK)) {
				throw new NotClosedException("措施 %s 的回头看已交科室办理 (a 回头看 of this measure is already open)"
						.formatted(measureKey));
			}
			runtime.createMessageCorrelation(MeasureProcess.MESSAGE_RECHECK_BROUGHT_FORWARD).processInstanceId(instance)
					.correlateWithResult();
		});
		events.record(measure, MeasureEvents.Kind.RECHECK_REQUESTED, actor, "整改办抽查，即时回头看", null, null);
	}

	private static Map<String, Object> recheckVariables(Measure measure, LocalDate closedOn) {
		return Map.of("measureKey", measure.key(), "measureText", measure.text(), "closedOn",
				closedOn == null ? "" : closedOn.toString());
	}

	private static LocalDate closedOn(Measure measure) {
		return measure.closedAt() == null ? null : LocalDate.ofInstant(measure.closedAt(), Now.CHINA);
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
