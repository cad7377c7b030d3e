package cn.xuncha.rectify.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import cn.xuncha.rectify.system.Now;

/**
 * The rectification ledger (整改台账) in the project's own tables: rounds, categories, problems, measures. Every write
 * of a round, problem or measure publishes the row's new state ({@link LedgerRow}) in the writing transaction, so the
 * audit chain holds what each row should be and the verification can name a row changed behind the ledger's back.
 */
@Repository
public class Ledger {

	private static final String PROBLEM_SELECT = """
			select p.*, c.title as category_title, r.round_key from rect_problem p
			join rect_category c on c.id = p.category_id join rect_round r on r.id = p.round_id
			""";

	private static final String MEASURE_SELECT = """
			select m.*, p.problem_key from rect_measure m join rect_problem p on p.id = m.problem_id
			""";

	/** What a row's recorded state is made of: the columns that decide what the ledger says about a matter. */
	private static final Map<String, String> STATE_SELECT = Map.of(
			LedgerRow.ROUNDS, "select id, round_key as row_key, status from rect_round",
			LedgerRow.PROBLEMS, "select id, problem_key as row_key, department, lead_leader, status from rect_problem",
			LedgerRow.MEASURES, """
					select id, measure_key as row_key, status, deadline, department, responsible_person, closed_at, type,
					  figure_done, figure_total, text from rect_measure""");
	private static final Map<String, String> KEY_COLUMN = Map.of(LedgerRow.ROUNDS, "round_key", LedgerRow.PROBLEMS,
			"problem_key", LedgerRow.MEASURES, "measure_key");

	private final JdbcClient jdbc;
	private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
	private final ApplicationEventPublisher publisher;

	Ledger(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
			ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.publisher = publisher;
	}

	// --- rounds

	/** A round with its settings decided: the draft's report due date and sign-off must not be null here. */
	public long insertRound(String key, RoundDraft draft) {
		return published(LedgerRow.ROUNDS, insert("""
				insert into rect_round (round_key, title, unit, inspection_team, feedback_date, status, created_at,
				  report_due_date, plan_sign_off) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", key, draft.title(),
				draft.unit(), draft.inspectionTeam(), draft.feedbackDate(), RoundStatus.REGISTERED.name(),
				Timestamp.from(Now.instant()), draft.reportDueDate(), draft.planSignOff()));
	}

	/** The office's settings of a round as registered (整改情况报告 due date, the secretary's sign-off of the plan). */
	public void updateRoundSettings(String key, LocalDate reportDueDate, boolean planSignOff) {
		jdbc.sql("update rect_round set report_due_date = ?, plan_sign_off = ? where round_key = ?")
				.params(reportDueDate, planSignOff, key).update();
		publish(LedgerRow.ROUNDS, "round_key = ?", key);
	}

	/**
	 * Takes the round's row lock until the transaction ends, so that steps deciding on all of a round's problems
	 * (the last plan approved, a notice's number) run one after the other.
	 */
	public void lockRound(String key) {
		jdbc.sql("select id from rect_round where round_key = ? for update").param(key).query(Long.class).single();
	}

	public long insertCategory(long roundId, int seq, String title) {
		return insert("insert into rect_category (round_id, seq, title) values (?, ?, ?)", roundId, seq, title);
	}

	public long insertProblem(long roundId, long categoryId, int seq, String key, RoundDraft.ProblemDraft p) {
		return published(LedgerRow.PROBLEMS, insert("""
				insert into rect_problem (round_id, category_id, seq, problem_key, title, department, lead_leader, status)
				values (?, ?, ?, ?, ?, ?, ?, ?)""", roundId, categoryId, seq, key, p.title(), p.department(),
				p.leadLeader(), ProblemStatus.UNASSIGNED.name()));
	}

	public long insertMeasure(long problemId, int seq, String key, RoundDraft.MeasureDraft m, MeasureStatus status) {
		return published(LedgerRow.MEASURES, insert("""
				insert into rect_measure (problem_id, seq, measure_key, text, department, responsible_person, deadline,
				  type, status, figure_done, figure_total) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", problemId, seq,
				key, m.text(), m.department(), m.responsiblePerson(), m.deadline(),
				(m.type() == null ? MeasureType.FIXED : m.type()).name(), status.name(), m.figureDone(),
				m.figureTotal()));
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
		publish(LedgerRow.ROUNDS, "round_key = ?", key);
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
		publish(LedgerRow.PROBLEMS, "problem_key = ?", key);
	}

	public void updateProblemStatus(String key, ProblemStatus status) {
		jdbc.sql("update rect_problem set status = ? where problem_key = ?").params(status.name(), key).update();
		publish(LedgerRow.PROBLEMS, "problem_key = ?", key);
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
		return jdbc.sql(MEASURE_SELECT + " where m.status in " + MeasureRules.OPEN_STATUSES_SQL + " order by m.id")
				.query(Ledger::measure).list();
	}

	/** Every problem's lead leader, by problem key, in one query: what the review escalates to. */
	public Map<String, String> leadLeaders() {
		Map<String, String> leaders = new java.util.HashMap<>();
		jdbc.sql("select problem_key, lead_leader from rect_problem").query(rs -> {
			leaders.put(rs.getString(1), rs.getString(2));
		});
		return leaders;
	}

	/**
	 * The review's colour and level for many measures in one batch: {measureId, colour, level} each. A row whose
	 * marks did not change is not written (most of them, from one review to the next).
	 */
	public void updateMeasureColours(List<Object[]> colours) {
		jdbcTemplate.batchUpdate("""
				update rect_measure set colour = ?, escalation_level = ?
				where id = ? and (colour is distinct from ? or escalation_level is distinct from ?)""",
				colours.stream().map(c -> new Object[] { c[1], c[2], c[0], c[1], c[2] }).toList());
	}

	/** A measure of a round with the marks the last review left on it (colour, escalation level; null if none). */
	public record Marking(long measureId, String measureKey, MeasureStatus status, String colour,
			String escalationLevel, Instant closedAt) {
	}

	/** Every measure of the round with its review marks, in one query. */
	public List<Marking> markings(String roundKey) {
		return jdbc.sql("""
				select m.id, m.measure_key, m.status, m.colour, m.escalation_level, m.closed_at
				from rect_measure m join rect_problem p on p.id = m.problem_id join rect_round r on r.id = p.round_id
				where r.round_key = ?""").param(roundKey).query((rs, i) -> {
			Timestamp closed = rs.getTimestamp("closed_at");
			return new Marking(rs.getLong("id"), rs.getString("measure_key"), MeasureStatus.valueOf(rs.getString("status")),
					rs.getString("colour"), rs.getString("escalation_level"), closed == null ? null : closed.toInstant());
		}).list();
	}

	/** Not a recorded state: the colour and level follow from the review, whose every verdict the chain holds. */
	public void updateMeasureColour(long measureId, String colour, String escalationLevel) {
		jdbc.sql("update rect_measure set colour = ?, escalation_level = ? where id = ?")
				.params(colour, escalationLevel, measureId).update();
	}

	public void deleteMeasuresOfProblem(long problemId) {
		List<String> keys = jdbc.sql("select measure_key from rect_measure where problem_id = ?").param(problemId)
				.query(String.class).list();
		jdbc.sql("delete from rect_measure where problem_id = ?").param(problemId).update();
		keys.forEach(key -> publisher.publishEvent(new LedgerRow(LedgerRow.MEASURES, key, null)));
	}

	public void updateMeasureStatus(String key, MeasureStatus status) {
		jdbc.sql("update rect_measure set status = ?, closed_at = ? where measure_key = ?")
				.params(status.name(), status == MeasureStatus.CLOSED ? Timestamp.from(Now.instant()) : null, key)
				.update();
		publish(LedgerRow.MEASURES, "measure_key = ?", key);
	}

	/**
	 * DOMAIN: 防止反弹 — a closed measure found rebounded at its 回头看 is open again as REBOUND with a new deadline, so
	 * the review chases it up the ladder from that deadline; its closure date and last verdict no longer hold.
	 */
	public void reopenRebound(String key, LocalDate deadline) {
		jdbc.sql("""
				update rect_measure set status = ?, deadline = ?, closed_at = null, colour = null, escalation_level = null
				where measure_key = ?""").params(MeasureStatus.REBOUND.name(), deadline, key).update();
		publish(LedgerRow.MEASURES, "measure_key = ?", key);
	}

	public void updateMeasureStatusOfProblem(long problemId, MeasureStatus status) {
		jdbc.sql("update rect_measure set status = ? where problem_id = ?").params(status.name(), problemId).update();
		publish(LedgerRow.MEASURES, "problem_id = ?", problemId);
	}

	public void updateMeasureProgress(String key, String note, Integer figureDone, Integer figureTotal) {
		jdbc.sql("""
				update rect_measure set latest_progress = ?, figure_done = coalesce(?, figure_done),
				  figure_total = coalesce(?, figure_total) where measure_key = ?""")
				.params(note, figureDone, figureTotal, key).update();
		publish(LedgerRow.MEASURES, "measure_key = ?", key);
	}

	// --- recorded state

	/**
	 * Every row of a table in chunks of at most {@code chunk}, by id, so that a check of 100 000 measures holds one
	 * chunk at a time.
	 */
	public void forEachRow(String table, int chunk, Consumer<List<LedgerRow>> consumer) {
		long after = -1;
		while (true) {
			List<Long> ids = new ArrayList<>();
			List<LedgerRow> rows = jdbc.sql(select(table) + " where id > ? order by id fetch first " + chunk + " rows only")
					.param(after).query((rs, i) -> {
						ids.add(rs.getLong("id"));
						return row(table, rs);
					}).list();
			if (rows.isEmpty()) {
				return;
			}
			consumer.accept(rows);
			after = ids.get(ids.size() - 1);
		}
	}

	/** Which of these keys have a row in the table. */
	public Set<String> existingKeys(String table, Collection<String> keys) {
		Set<String> existing = new HashSet<>();
		if (keys.isEmpty()) {
			return existing;
		}
		String column = KEY_COLUMN.get(table);
		existing.addAll(jdbc.sql("select " + column + " from " + table + " where " + column + " in ("
				+ String.join(", ", Collections.nCopies(keys.size(), "?")) + ")").params(List.copyOf(keys))
				.query(String.class).list());
		return existing;
	}

	/** These rows' current state, for a second look at a row that differed while a writer may have been busy. */
	public List<LedgerRow> rows(String table, Collection<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(select(table) + " where " + KEY_COLUMN.get(table) + " in ("
				+ String.join(", ", Collections.nCopies(keys.size(), "?")) + ")").params(List.copyOf(keys))
				.query((rs, i) -> row(table, rs)).list();
	}

	private long published(String table, long id) {
		publish(table, "id = ?", id);
		return id;
	}

	private void publish(String table, String where, Object param) {
		jdbc.sql(select(table) + " where " + where).param(param).query((rs, i) -> row(table, rs)).list()
				.forEach(publisher::publishEvent);
	}

	private static String select(String table) {
		String select = STATE_SELECT.get(table);
		if (select == null) {
			throw new IllegalArgumentException("Not a ledger table: " + table);
		}
		return select;
	}

	private static LedgerRow row(String table, ResultSet rs) throws SQLException {
		Map<String, String> state = new TreeMap<>();
		put(state, "status", rs.getString("status"));
		if (!LedgerRow.ROUNDS.equals(table)) {
			put(state, "department", rs.getString("department"));
		}
		if (LedgerRow.PROBLEMS.equals(table)) {
			put(state, "leadLeader", rs.getString("lead_leader"));
		}
		if (LedgerRow.MEASURES.equals(table)) {
			LocalDate deadline = date(rs, "deadline");
			Instant closedAt = instant(rs, "closed_at");
			put(state, "deadline", deadline == null ? null : deadline.toString());
			put(state, "responsiblePerson", rs.getString("responsible_person"));
			put(state, "closedAt", closedAt == null ? null : closedAt.toString());
			put(state, "type", rs.getString("type"));
			put(state, "figureDone", rs.getString("figure_done"));
			put(state, "figureTotal", rs.getString("figure_total"));
			put(state, "textSha256", sha256(rs.getString("text")));
		}
		return new LedgerRow(table, rs.getString("row_key"), Collections.unmodifiableMap(state));
	}

	private static void put(Map<String, String> state, String field, String value) {
		if (value != null) {
			state.put(field, value);
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
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
				instant(rs, "created_at"), date(rs, "report_due_date"), rs.getBoolean("plan_sign_off"));
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
