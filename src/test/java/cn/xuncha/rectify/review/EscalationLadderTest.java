package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;

import cn.xuncha.rectify.escalation.Escalations;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.system.Now;

/**
 * The escalation ladder on the engine's clock over 90 days, for three measures of one round: one that never moves,
 * one that recovers after 催办, one closed while under 督办. A fresh application, so no earlier review's requests
 * or timers are around.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class EscalationLadderTest extends ReviewFixture {

	@Test
	void ladderClimbsForTheStuckMeasureStopsForTheRecoveredOneAndEndsForTheClosedOne() {
		LocalDate start = Now.today();
		String round = setUpRound(start);
		String stuck = round + "-P1-M1"; // dept-law: never reports, never moves
		String recovers = round + "-P2-M1"; // dept-hr: misses one report, then reports
		String closes = round + "-P3-M1"; // dept-river: overdue, supervised, then closed
		var walk = new Walk(tasks, identity);

		// Day 0: deadlines 5 (stuck), 60 (recovers), 5 (closes) days ahead → reminders for stuck and closes.
		var first = review(start);
		assertThat(levels(first, stuck)).containsExactly("REMIND");
		assertThat(levels(first, recovers)).isEmpty();
		assertThat(first.reportDepartments()).contains("dept-law", "dept-hr", "dept-river");
		// Nobody reports by the due date: the report timers fire.
		fireDueTimers(start.plusDays(14));

		// Day 15: stuck and closes are 10 days overdue → 催办; recovers missed its report → 催办.
		var second = review(start.plusDays(15));
		assertThat(levels(second, stuck)).containsExactly("URGE");
		assertThat(levels(second, recovers)).containsExactly("URGE");
		assertThat(levels(second, closes)).containsExactly("URGE");
		assertThat(colour(recovers)).isEqualTo("RED");
		// The recovering department reports this time; the others stay silent.
		at(start.plusDays(16));
		completeReport("dept-hr", "staff-hr", List.of(Map.of("measureKey", recovers, "progressNote", "已完成制度初稿")));
		fireDueTimers(start.plusDays(29));

		// Day 30: overdue at two reviews in a row → 督办 for stuck and closes; recovers steps down.
		var third = review(start.plusDays(30));
		assertThat(levels(third, stuck)).containsExactly("SUPERVISE");
		assertThat(levels(third, closes)).containsExactly("SUPERVISE");
		assertThat(levels(third, recovers)).isEmpty();
		assertThat(open(recovers)).isEmpty();
		assertThat(colour(recovers)).isEqualTo("GREEN");
		assertThat(tasks.createTaskQuery().processInstanceBusinessKey(stuck).taskDefinitionKey("Task_HandleSupervision")
				.taskAssignee("leader2").count()).isEqualTo(1);

		// Day 32: the closing department finishes while its measure is under 督办.
		at(start.plusDays(32));
		closeMeasure(walk, closes);
		assertThat(ledger.measure(closes).status()).isEqualTo(MeasureStatus.CLOSED);
		assertThat(open(closes)).isEmpty();
		assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(closes)
				.processDefinitionKey("supervisedMatter").count()).isZero();
		// The leader handles the stuck measure's supervised matter, but nothing moves.
		walk.complete(stuck, "Task_HandleSupervision", "leader2",
				Map.of("supervisionInstruction", "限期一周内完成", "supervisionAction", "已约见科室负责人"));
		fireDueTimers(start.plusDays(44));

		// Day 45: supervised matter past its due date and still open → 谈话提醒 (also > 30 days overdue).
		var fourth = review(start.plusDays(45));
		assertThat(levels(fourth, stuck)).containsExactly("TALK");
		assertThat(fourth.actions()).noneMatch(a -> a.measure().equals(closes));
		at(start.plusDays(46));
		walk.complete(stuck, "Task_ScheduleTalk", "leader2",
				Map.of("talkDate", start.plusDays(50).toString(), "talkPlace", "局党组会议室"));
		at(start.plusDays(50));
		walk.complete(stuck, "Task_HoldTalk", "leader2", Map.of("talkHeldOn", start.plusDays(50).toString(),
				"talkParticipants", "张明、林峰", "talkContent", "指出逾期问题，要求立即整改", "talkCommitment", "一周内完成"));
		assertThat(escalations.talksOf(ledger.measure(stuck).id())).hasSize(1);

		// Day 60: still unresolved after the talk → 移交纪检; day 75 and 90: nothing new for the same levels.
		var fifth = review(start.plusDays(60));
		assertThat(levels(fifth, stuck)).containsExactly("REFER");
		assertThat(escalations.open(Level.REFER)).extracting(Escalations.Escalation::measureKey).contains(stuck);
		assertThat(review(start.plusDays(75)).actions()).noneMatch(a -> a.measure().equals(stuck));
		assertThat(review(start.plusDays(90)).actions()).noneMatch(a -> a.measure().equals(stuck));

		// The stuck measure climbed each level exactly once.
		assertThat(escalations.ofMeasure(ledger.measure(stuck).id())).extracting(e -> e.level().name())
				.containsExactly("REMIND", "URGE", "SUPERVISE", "TALK", "REFER");
	}

}
