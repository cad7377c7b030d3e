package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import cn.xuncha.rectify.system.Now;

/** A review never escalates the same level of the same measure twice, however it is run; a dry run changes nothing. */
class ReviewIdempotencyTest extends ReviewFixture {

	@Test
	void aReviewRightAfterAnotherTakesNoNewAction() {
		LocalDate start = Now.today();
		setUpRound(start);
		at(start.plusDays(20));
		var first = reviews.run("MANUAL", false);
		var second = reviews.run("MANUAL", false);
		assertThat(first.actions()).isNotEmpty();
		assertThat(second.actions()).isEmpty();
		assertThat(second.reportDepartments()).isEmpty();
		assertThat(second.colours()).isEqualTo(first.colours());
	}

	@Test
	void twoConcurrentReviewsOpenEachLevelOnce() throws Exception {
		LocalDate start = Now.today();
		String round = setUpRound(start);
		at(start.plusDays(20));
		Callable<ReviewService.Result> review = () -> reviews.run("MANUAL", false);
		var pool = Executors.newFixedThreadPool(2);
		try {
			var a = pool.submit(review);
			var b = pool.submit(review);
			int actions = a.get().actions().size() + b.get().actions().size();
			assertThat(a.get().actions().isEmpty() || b.get().actions().isEmpty()).isTrue();
			assertThat(actions).isPositive();
		}
		finally {
			pool.shutdown();
		}
		int duplicates = jdbc.sql("""
				select count(*) from (select e.measure_id, e.level from rect_escalation e join rect_measure m
				  on m.id = e.measure_id where m.measure_key like ? group by e.measure_id, e.level having count(*) > 1) d""")
				.param(round + "-%").query(Integer.class).single();
		assertThat(duplicates).isZero();
	}

	@Test
	void aDryRunTellsWhatWouldHappenAndChangesNothing() {
		LocalDate start = Now.today();
		String round = setUpRound(start);
		at(start.plusDays(20));
		int reviewsBefore = jdbc.sql("select count(*) from rect_review").query(Integer.class).single();
		var dry = reviews.run("MANUAL", true);
		assertThat(dry.id()).isNull();
		assertThat(dry.actions()).anyMatch(a -> a.measure().equals(round + "-P1-M1") && a.level().equals("URGE"));
		assertThat(jdbc.sql("select count(*) from rect_review").query(Integer.class).single()).isEqualTo(reviewsBefore);
		assertThat(open(round + "-P1-M1")).isEmpty();
	}

}
