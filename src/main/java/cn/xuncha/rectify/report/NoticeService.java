package cn.xuncha.rectify.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.audit.ChainHead;
import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.report.NoticeRepository.NewNotice;
import cn.xuncha.rectify.report.NoticeRepository.NoticeSummary;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.LedgerView;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Now;

/**
 * DOMAIN: 整改进展情况通报 — issues numbered progress notices from the live ledger and keeps each exactly as it was
 * published: its HTML, its DOCX and its figures are written once and only ever read afterwards.
 */
@Service
class NoticeService {

	/** A notice as the API lists it, with where to read it. */
	record Notice(long id, String roundId, int seq, String title, LocalDate issuedOn, Instant issuedAt,
			String issuedBy, String issuedByName, String completionRate, String html, String docx) {
	}

	private final Ledger ledger;
	private final LedgerView ledgerView;
	private final RoundProgress progress;
	private final NoticeRepository notices;
	private final Directory directory;
	private final ObjectMapper json;
	private final ChainHead chainHead;

	NoticeService(Ledger ledger, LedgerView ledgerView, RoundProgress progress, NoticeRepository notices,
			Directory directory, ObjectMapper json, ChainHead chainHead) {
		this.chainHead = chainHead;
		this.ledger = ledger;
		this.ledgerView = ledgerView;
		this.progress = progress;
		this.notices = notices;
		this.directory = directory;
		this.json = json;
	}

	/** The viewer must see every matter: a notice covers the whole round. */
	@Transactional
	Notice issue(String roundKey, Viewer viewer) {
		Round round = ledger.round(roundKey);
		// Sealed before this transaction takes the round's lock; the notice pins the chain as it stood.
		String head = chainHead.sealed().map(ChainHead.Head::line).orElse(null);
		notices.lockRound(round.id());
		int seq = notices.nextSeq(round.id());
		ProgressFigures figures = progress.figures(ledgerView.tree(roundKey, viewer));
		var previous = notices.latest(round.id());
		if (previous.isPresent()) {
			figures = figures.since(previous.get().seq(), read(previous.get().figures()));
		}
		LocalDate today = Now.today();
		NoticeDocument doc = NoticeWriter.write(figures, seq, today, head);
		long id = notices.insert(new NewNotice(round.id(), seq, doc.title(), today, Now.instant(), viewer.userId(),
				figures.totals().completionRate(), NoticeHtml.render(doc), NoticeDocx.render(doc), write(figures)));
		return notice(notices.find(id).orElseThrow());
	}

	List<Notice> ofRound(String roundKey) {
		return notices.ofRound(ledger.round(roundKey).id()).stream().map(this::notice).toList();
	}

	Notice notice(long id) {
		return notice(notices.find(id).orElseThrow(() -> missing(id)));
	}

	String html(long id) {
		return notices.html(id).orElseThrow(() -> missing(id));
	}

	byte[] docx(long id) {
		return notices.docx(id).orElseThrow(() -> missing(id));
	}

	String figures(long id) {
		return notices.figures(id).orElseThrow(() -> missing(id));
	}

	private Notice notice(NoticeSummary n) {
		return new Notice(n.id(), n.roundId(), n.seq(), n.title(), n.issuedOn(), n.issuedAt(), n.issuedBy(),
				directory.personName(n.issuedBy()), n.completionRate(), "/api/notices/" + n.id(),
				"/api/notices/" + n.id() + ".docx");
	}

	private ProgressFigures read(String figures) {
		try {
			return json.readValue(figures, ProgressFigures.class);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Stored notice figures are unreadable", e);
		}
	}

	private String write(ProgressFigures figures) {
		try {
			return json.writeValueAsString(figures);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Cannot store notice figures", e);
		}
	}

	private static NoSuchElementException missing(long id) {
		return new NoSuchElementException("通报不存在 (no such notice): " + id);
	}
}
