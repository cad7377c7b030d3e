package cn.xuncha.rectify.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerView;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.notify.Notification;
import cn.xuncha.rectify.notify.Notifier;
import cn.xuncha.rectify.report.ProgressFigures.MeasureLine;
import cn.xuncha.rectify.report.RoundReportFigures.Line;
import cn.xuncha.rectify.report.RoundReportRepository.NewReport;
import cn.xuncha.rectify.report.RoundReportRepository.ReportSummary;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Actors;
import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.ConflictException;
import cn.xuncha.rectify.system.MatterDocuments;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/**
 * DOMAIN: 整改情况报告 — a round's rectification reports: the figures the office drafts from, the report the
 * secretary signs (frozen as HTML, DOCX and figures, never rewritten, stated to the audit), and the reminder and urge
 * of a report not signed in time, to the office and the secretary, each once.
 */
@Service
class RoundReports implements MatterDocuments {

	/** Reads the whole round, as the office and the secretary do. */
	private static final Viewer WHOLE_ROUND = new Viewer(Actors.SYSTEM, Set.of(Roles.INSPECTORS));

	/** A report as the API lists it, with where to read it. */
	record Report(long id, String roundId, String kind, String kindLabel, String title, LocalDate asOf,
			LocalDate dueDate, String completionRate, String signedBy, String signedByName, Instant signedAt,
			String html, String docx) {
	}

	/** A reminder or urge of an unsigned report, as opened. */
	record Alert(String roundId, String level, List<String> notified) {
	}

	private final Ledger ledger;
	private final LedgerView ledgerView;
	private final RoundProgress progress;
	private final RoundReportRepository reports;
	private final Directory directory;
	private final IdentityService identity;
	private final Privileged privileged;
	private final Notifier notifier;
	private final ApplicationEventPublisher events;
	private final ObjectMapper json;

	RoundReports(Ledger ledger, LedgerView ledgerView, RoundProgress progress, RoundReportRepository reports,
			Directory directory, IdentityService identity, Privileged privileged, Notifier notifier,
			ApplicationEventPublisher events, ObjectMapper json) {
		this.ledger = ledger;
		this.ledgerView = ledgerView;
		this.progress = progress;
		this.reports = reports;
		this.directory = directory;
		this.identity = identity;
		this.privileged = privileged;
		this.notifier = notifier;
		this.events = events;
		this.json = json;
	}

	/** The round's figures today, with its report due date: what the office drafts from. */
	@Transactional(readOnly = true)
	RoundReportFigures figures(String roundKey) {
		Round round = ledger.round(roundKey);
		ProgressFigures f = progress.figures(ledgerView.tree(roundKey, WHOLE_ROUND));
		var problems = f.categories().stream().flatMap(c -> c.problems().stream()).toList();
		Map<String, String> deadlines = new LinkedHashMap<>();
		ledger.measuresOfRound(round.id())
				.forEach(m -> deadlines.put(m.key(), m.deadline() == null ? "未定" : m.deadline().toString()));
		return new RoundReportFigures(f.asOf(), round.reportDueDate(), RoundReportWriter.summary(f),
				lines(problems.stream().flatMap(p -> p.completed().stream()).toList(), deadlines),
				lines(problems.stream().flatMap(p -> p.longTerm().stream()).toList(), deadlines),
				lines(problems.stream().flatMap(p -> p.open().stream()).toList(), deadlines), f);
	}

	/**
	 * Files the report the secretary just signed: written from the given figures (the final report: today's), kept
	 * as it is, and stated to the audit in this transaction. A round has one report of each kind.
	 */
	@Transactional
	Report issue(String roundKey, RoundReportKind kind, RoundReportFigures figures, String text, String signComment,
			String signedBy) {
		Round round = ledger.round(roundKey);
		ledger.lockRound(roundKey);
		if (reports.exists(round.id(), kind)) {
			throw new ConflictException("本轮" + kind.label() + "已签发 (the round's " + kind.name().toLowerCase()
					+ " report is signed already): " + roundKey);
		}
		RoundReportFigures f = figures != null ? figures : figures(roundKey);
		Instant signedAt = Now.instant();
		LocalDate signedOn = Now.today();
		String reportText = text == null || text.isBlank() ? "（无）" : text.strip();
		NoticeDocument doc = RoundReportWriter.write(kind, f.figures(), f.dueDate(), reportText, signedOn,
				directory.personName(signedBy), signComment);
		String html = NoticeHtml.render(doc);
		byte[] docx = NoticeDocx.render(doc);
		String title = RoundReportWriter.title(kind, f.figures());
		long id = reports.insert(new NewReport(round.id(), kind, title, f.asOf(), f.dueDate(),
				f.figures().totals().completionRate(), reportText, signComment, signedBy, signedAt, write(f), html,
				docx));
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("reportKind", kind.name());
		payload.put("title", title);
		payload.put("asOf", f.asOf().toString());
		payload.put("dueDate", f.dueDate() == null ? null : f.dueDate().toString());
		payload.put("completionRate", f.figures().totals().completionRate());
		payload.put("completed", keys(f.completed()));
		payload.put("longTerm", keys(f.longTerm()));
		payload.put("open", keys(f.open()));
		payload.put("reportText", reportText);
		payload.put("signComment", signComment);
		payload.put("htmlSha256", sha256(html.getBytes(StandardCharsets.UTF_8)));
		payload.put("docxSha256", sha256(docx));
		events.publishEvent(new AuditFact(AuditFact.Source.ROUND_REPORT, id, roundKey, kind.name() + "_REPORT_SIGNED",
				signedAt, signedBy, payload));
		return report(reports.find(id).orElseThrow());
	}

	/**
	 * DOMAIN: an unsigned report escalates like a measure — 提醒 (REMIND) a week before it is due, 催办 (URGE) once it
	 * is past; both to the office and the secretary, each level once per round and report.
	 */
	@Transactional
	Alert alert(String roundKey, RoundReportKind kind, String level) {
		Round round = ledger.round(roundKey);
		List<String> recipients = recipients();
		var opened = reports.openAlert(round.id(), kind, level, Now.instant(), String.join(",", recipients));
		if (opened.isEmpty()) {
			return new Alert(roundKey, level, List.of());
		}
		boolean urge = "URGE".equals(level);
		String label = urge ? "催办" : "提醒";
		String due = round.reportDueDate() == null ? "未定" : round.reportDueDate().toString();
		notifier.notify(new Notification(recipients, label + "：" + round.key() + " " + kind.label() + (urge ? "已逾期未签发" : "即将到期"),
				"巡察整改 %s「%s」的%s报送时限为 %s，%s。请整改办抓紧起草、第一责任人及时签发。".formatted(round.key(), round.title(),
						kind.label(), due, urge ? "现已逾期仍未签发" : "尚未签发"),
				"/camunda/app/tasklist/default/"));
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("reportKind", kind.name());
		payload.put("level", level);
		payload.put("dueDate", due);
		payload.put("notified", recipients);
		events.publishEvent(new AuditFact(AuditFact.Source.ROUND_REPORT_ALERT, opened.get(), roundKey,
				"ROUND_REPORT_" + level, Now.instant(), Actors.SYSTEM, payload));
		return new Alert(roundKey, level, recipients);
	}

	List<Report> ofRound(String roundKey) {
		return reports.ofRound(ledger.round(roundKey).id()).stream().map(this::report).toList();
	}

	Report report(long id) {
		return report(reports.find(id).orElseThrow(() -> missing(id)));
	}

	String html(long id) {
		return reports.html(id).orElseThrow(() -> missing(id));
	}

	byte[] docx(long id) {
		return reports.docx(id).orElseThrow(() -> missing(id));
	}

	String storedFigures(long id) {
		return reports.figures(id).orElseThrow(() -> missing(id));
	}

	/** A round's signed reports for its dossier: each as HTML and DOCX. */
	@Override
	public List<Document> of(String businessKey) {
		List<Document> documents = new ArrayList<>();
		for (ReportSummary r : reports.ofRound(businessKey)) {
			String name = "reports/" + r.id() + "-" + r.kind().label();
			byte[] html = html(r.id()).getBytes(StandardCharsets.UTF_8);
			byte[] docx = docx(r.id());
			documents.add(new Document(name + ".html", "text/html; charset=utf-8", html, sha256(html)));
			documents.add(new Document(name + ".docx", NoticeController.DOCX.toString(), docx, sha256(docx)));
		}
		return documents;
	}

	private Report report(ReportSummary r) {
		return new Report(r.id(), r.roundId(), r.kind().name(), r.kind().label(), r.title(), r.asOf(), r.dueDate(),
				r.completionRate(), r.signedBy(), directory.personName(r.signedBy()), r.signedAt(),
				"/api/round-reports/" + r.id(), "/api/round-reports/" + r.id() + ".docx");
	}

	private List<String> recipients() {
		var users = new LinkedHashSet<String>();
		for (String group : List.of(Roles.OFFICE, Roles.SECRETARY)) {
			users.addAll(privileged.call(() -> identity.createUserQuery().memberOfGroup(group).list().stream()
					.map(User::getId).toList()));
		}
		return List.copyOf(users);
	}

	private static List<Line> lines(List<MeasureLine> measures, Map<String, String> deadlines) {
		return measures.stream().map(m -> new Line(m.key(), m.text(), m.departmentName(), m.statusLabel(),
				deadlines.get(m.key()))).toList();
	}

	private static List<String> keys(List<Line> lines) {
		return lines.stream().map(Line::key).toList();
	}

	private String write(RoundReportFigures figures) {
		try {
			return json.writeValueAsString(figures);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Cannot store report figures", e);
		}
	}

	RoundReportFigures read(String figures) {
		try {
			return json.readValue(figures, RoundReportFigures.class);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Report figures are unreadable", e);
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

	private static NoSuchElementException missing(long id) {
		return new NoSuchElementException("整改情况报告不存在 (no such report): " + id);
	}
}
