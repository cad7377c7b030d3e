package cn.xuncha.rectify.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.Escalations;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.review.ReviewTrend;
import cn.xuncha.rectify.system.Now;

/**
 * What reports read beside the ledger tree — review colours, their trend, closure dates and talks held — each asked
 * of the room that owns it; reports read no other room's tables.
 */
@Component
class ReportQueries {

	/** A measure's marks: the colour and level of its latest review (null if never reviewed) and when it was done. */
	record Marks(Colour colour, String escalationLevel, LocalDate doneOn) {
	}

	private final Ledger ledger;
	private final MeasureEvents measureEvents;
	private final Escalations escalations;
	private final ReviewTrend trend;

	ReportQueries(Ledger ledger, MeasureEvents measureEvents, Escalations escalations, ReviewTrend trend) {
		this.ledger = ledger;
		this.measureEvents = measureEvents;
		this.escalations = escalations;
		this.trend = trend;
	}

	/** Talk reminders (谈话提醒) recorded for the round's measures. */
	int talks(String roundKey) {
		return escalations.talksOfRound(roundKey);
	}

	/** Escalations ever opened for the round's measures, by level in the ladder's order. */
	Map<Level, Integer> escalations(String roundKey) {
		return escalations.openedOfRound(roundKey);
	}

	/** By measure key. A long-term measure is done on the day it went into 长期坚持. */
	Map<String, Marks> marks(String roundKey) {
		Map<Long, Instant> longTerm = measureEvents.longTermSince(roundKey);
		Map<String, Marks> marks = new HashMap<>();
		for (Ledger.Marking m : ledger.markings(roundKey)) {
			Instant done = m.status() == MeasureStatus.CLOSED ? m.closedAt()
					: m.status() == MeasureStatus.LONG_TERM ? longTerm.get(m.measureId()) : null;
			marks.put(m.measureKey(), new Marks(m.colour() == null ? null : Colour.valueOf(m.colour()),
					m.escalationLevel(), done == null ? null : LocalDate.ofInstant(done, Now.CHINA)));
		}
		return marks;
	}

	/** Per review day, the colours of the round's open measures (the day's last review). */
	List<ReviewTrend.Point> trend(String roundKey) {
		return trend.of(roundKey);
	}
}
