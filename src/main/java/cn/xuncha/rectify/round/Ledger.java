package cn.xuncha.rectify.round;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.system.Now;

/** The rectification ledger (整改台账) in the project's own tables: rounds, categories, problems, measures. */
@Repository
public class Ledger {

	private static final String PROBLEM_SELECT = """
			select p.*, c.title as category_title, r.round_key from rect_problem p
			join rect_category c on c.id = p.category_id join rect_round r on r.id = p.round_id
			""";

	private static final String MEASURE_SELECT = """
			select m.*, p.problem_key from rect_measure m join rect_problem p on p.id = m.problem_id
			""";

	private final JdbcClient jdbc;

	Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// --- rounds

	long insertRound(String key, RoundDraft draft) {
		return insert("""
				insert into rect_round (round_key, title, unit, inspection_team, feedback_date, status, created_at)
				values (?, ?, ?, ?, ?, ?, ?)""", key, draft.title(), draft.unit(), draft.inspectionTeam(),
				draft.feedbackDate(), RoundStatus.REGISTERED.name(), Timestamp.from(Now.instant()));
	}

	long insertCategory(long roundId, int seq, String title) {
		return insert("insert into rect_category (round_id, seq, title) values (?, ?, ?)", roundId, seq, title);
	}

	long insertProblem(long roundId, long categoryId, int seq, String key, RoundDraft.ProblemDraft p) {
		return insert("""
				insert into rect_problem (round_id, category_id, seq, problem_key, title, department, lead_leader, status)
				values (?, ?, ?, ?, ?, ?, ?, ?)""", roundId, categoryId, seq, key, p.title(), p.department(),
				p.leadLeader(), ProblemStatus.UNASSIGNED.name());
	}

	public long insertMeasure(long problemId, int seq, String key, RoundDraft.MeasureDraft m, MeasureStatus status) {
		return insert("""
				insert into rect_measure (problem_id, seq, measure_key, text, department, responsible_person, deadline,
				  type, status, figure_done, figure_total) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", problemId, seq,
				key, m.text(), m.department(), m.responsiblePerson(), m.deadline(),
				(m.type() == null ? MeasureType.FIXED : m.type()).name(), status.name(), m.figureDone(),
				m.figureTotal());
	}

	public boolean roundExists(String key) {
		return jdbc.sql("select count(*) from rect_round where round_key = ?").param(key).query(Integer.class)
				.single() > 0;
	}

	public int countRoundsWithPrefix(String prefix) {
		return jdbc.sql("select count(*) from rect_round where round_key like ?").param(prefix + "%")
				.query(Integer.class).single();
	}

	public List<Round> rounds() {
		return jdbc.sql("select * from rect_round order by id").query(Ledger::round).list();
	}

	public Optional<Round> findRound(String key) {
		return jdbc.sql("select * from rect_round where round_key = ?").param(key).query(Ledger::round).optional();
	}

	public Round round(String key) {
		return findRound(key).orElseThrow(() -> new NoSuchElementException("整改轮次不存在 (no such round): " + key));
	}

	public void updateRoundStatus(String key, RoundStatus status) {
		jdbc.sql("update rect_round set status = ? where round_key = ?").params(status.name(), key).update();
	}

	public List<Category> categories(long roundId) {
		return jdbc.sql("select * from rect_category where round_id = ? order by seq").param(roundId)
				.query((rs, i) -> new Category(rs.getLong("id"), rs.getInt("seq"), rs.getString("title"))).list();
	}

	public record Category(long id, int seq, String title) {
	}

	// --- problems

	public List<Problem> problemsOfRound(long roundId) {
		return jdbc.sql(PROBLEM_SELECT + " where p.round_id = ? order by c.seq, p.seq").param(roundId)
				.query(Ledger::problem).list();
	}

	public Problem problem(String key) {
		return jdbc.sql(PROBLEM_SELECT + " where p.problem_key = ?").param(key).query(Ledger::problem).optional()
				.orElseThrow(() -> new NoSuchElementException("问题不存在 (no such problem): " + key));
	}

	public void assignProblem(String key, String department, String leadLeader) {
		jdbc.sql("update rect_problem set department = ?, lead_leader = ?, status = ? where problem_key = ?")
				.params(department, leadLeader, ProblemStatus.PLANNING.name(), key).update();
	}

	public void updateProblemStatus(String key, ProblemStatus status) {
		jdbc.sql("update rect_problem set status = ? where problem_key = ?").params(status.name(), key).update();
	}

	// --- measures

	public List<Measure> measuresOfRound(long roundId) {
		return jdbc.sql(MEASURE_SELECT + " where p.round_id = ? order by p.id, m.seq").param(roundId)
				.query(Ledger::measure).list();
	}

	public List<Measure> measuresOfProblem(long problemId) {
		return jdbc.sql(MEASURE_SELECT + " where m.problem_id = ? order by m.seq").param(problemId)
				.query(Ledger::measure).list();
	}

	public Measure measure(String key) {
		return jdbc.sql(MEASURE_SELECT + " where m.measure_key = ?").param(key).query(Ledger::measure).optional()
				.orElseThrow(() -> new NoSuchElementException("措施不存在 (no such measure): " + key));
	}

	/** Measures still to be rectified, in every round: what the half-monthly review looks at. */
	public List<Measure> openMeasures() {
		return jdbc.sql(MEASURE_SELECT + " where m.status in ('PLANNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED', 'REBOUND') order by m.id")
				.query(Ledger::measure).list();
	}

	public void updateMeasureColour(long measureId, String colour, String escalationLevel) {
		jdbc.sql("update rect_measure set colour = ?, escalation_level = ? where id = ?")
				.params(colour, escalationLevel, measureId).update();
	}

	public void deleteMeasuresOfProblem(long problemId) {
		jdbc.sql("delete from rect_measure where problem_id = ?").param(problemId).update();
	}

	public void updateMeasureStatus(String key, MeasureStatus status) {
		jdbc.sql("update rect_measure set status = ?, closed_at = ? where measure_key = ?")
				.params(status.name(), status == MeasureStatus.CLOSED ? Timestamp.from(Now.instant()) : null, key)
				.update();
	}

	public void updateMeasureStatusOfProblem(long problemId, MeasureStatus status) {
		jdbc.sql("update rect_measure set status = ? where problem_id = ?").params(status.name(), problemId).update();
	}

	public void updateMeasureProgress(String key, String note, Integer figureDone, Integer figureTotal) {
		jdbc.sql("""
				update rect_measure set latest_progress = ?, figure_done = coalesce(?, figure_done),
				  figure_total = coalesce(?, figure_total) where measure_key = ?""")
				.params(note, figureDone, figureTotal, key).update();
	}

	// --- mapping

	private long insert(String sql, Object... params) {
		var keys = new GeneratedKeyHolder();
		jdbc.sql(sql).params(params).update(keys, "id");
		return keys.getKey().longValue();
	}

	private static Round round(ResultSet rs, int row) throws SQLException {
		return new Round(rs.getLong("id"), rs.getString("round_key"), rs.getString("title"), rs.getString("unit"),
				rs.getString("inspection_team"), date(rs, "feedback_date"), RoundStatus.valueOf(rs.getString("status")),
				instant(rs, "created_at"));
	}

	private static Problem problem(ResultSet rs, int row) throws SQLException {
		return new Problem(rs.getLong("id"), rs.getLong("round_id"), rs.getString("round_key"),
				rs.getLong("category_id"), rs.getString("category_title"), rs.getInt("seq"),
				rs.getString("problem_key"), rs.getString("title"), rs.getString("department"),
				rs.getString("lead_leader"), ProblemStatus.valueOf(rs.getString("status")));
	}

	private static Measure measure(ResultSet rs, int row) throws SQLException {
		return new Measure(rs.getLong("id"), rs.getLong("problem_id"), rs.getString("problem_key"), rs.getInt("seq"),
				rs.getString("measure_key"), rs.getString("text"), rs.getString("department"),
				rs.getString("responsible_person"), date(rs, "deadline"), MeasureType.valueOf(rs.getString("type")),
				MeasureStatus.valueOf(rs.getString("status")), (Integer) rs.getObject("figure_done"),
				(Integer) rs.getObject("figure_total"), rs.getString("latest_progress"), instant(rs, "closed_at"));
	}

	private static LocalDate date(ResultSet rs, String column) throws SQLException {
		var d = rs.getDate(column);
		return d == null ? null : d.toLocalDate();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		var t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
