package cn.xuncha.rectify.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.security.Roles;
import cn.xuncha.rectify.security.Viewer;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/**
 * 一事一档: the trail of one round, problem or measure — its own records and those of the problems and measures
 * under it — read from the sealed chain, so that everything it shows is covered by a hash; each entry names the
 * record ({@code seq}) it comes from.
 */
@Service
class AuditTrail {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	enum MatterType {
		ROUND("整改轮次"), PROBLEM("整改问题"), MEASURE("整改措施");

		final String label;

		MatterType(String label) {
			this.label = label;
		}
	}

	record Fact(String label, String value) {
	}

	record Actor(String id, String name) {
	}

	record Matter(String type, String typeLabel, String key, String title, List<Fact> facts) {
	}

	record Entry(long seq, Instant time, String kind, String kindLabel, String businessKey, Actor actor,
			String title, List<Fact> details) {
	}

	/** An evidence file as stored, with the chain record that covers it and the SHA-256 that record holds. */
	record EvidenceFile(long id, String measureKey, String fileName, String contentType, long size, String sha256,
			Actor uploadedBy, Instant uploadedAt, Long seq, String chainSha256) {
	}

	record ChainState(long records, AuditChain.Head head) {
	}

	record Trail(Matter matter, List<Entry> entries, List<EvidenceFile> evidence, ChainState chain) {
	}

	/** What a viewer may see of a matter: its facts and the business keys whose records belong to it. */
	record Scope(Matter matter, Set<String> keys, List<Measure> measures) {
	}

	private final Ledger ledger;
	private final MeasureEvents measureEvents;
	private final Directory directory;
	private final FormLabels forms;
	private final AuditChain chain;
	private final AuditSeal seal;
	private final RepositoryService repository;
	private final Privileged privileged;

	AuditTrail(Ledger ledger, MeasureEvents measureEvents, Directory directory, FormLabels forms, AuditChain chain,
			AuditSeal seal, RepositoryService repository, Privileged privileged) {
		this.ledger = ledger;
		this.measureEvents = measureEvents;
		this.directory = directory;
		this.forms = forms;
		this.chain = chain;
		this.seal = seal;
		this.repository = repository;
		this.privileged = privileged;
	}

	/** The matter behind a key and what this viewer may see of it: 404 for no matter, 403 for not theirs. */
	Scope scope(String key, Viewer viewer) {
		Optional<Round> round = ledger.findRound(key);
		if (round.isPresent()) {
			viewer.require("查看整改轮次的审计记录 (read a round's audit trail)", Roles.SEE_ALL.toArray(String[]::new));
			return roundScope(round.get());
		}
		Optional<Problem> problem = find(() -> ledger.problem(key));
		if (problem.isPresent()) {
			viewer.requireSees("整改问题 (problem)", problem.get().department());
			return problemScope(problem.get(), viewer);
		}
		Measure measure = find(() -> ledger.measure(key)).orElseThrow(() -> new NoSuchElementException(
				"没有编号为 " + key + " 的整改轮次、问题或措施 (no round, problem or measure with this key)"));
		viewer.requireSees("整改措施 (measure)", measure.department());
		return measureScope(measure);
	}

	/** Seals what is pending, then reads the trail. */
	Trail trail(Scope scope) {
		seal.seal();
		List<AuditChain.Record> records = chain.ofKeys(scope.keys());
		var names = new Names();
		List<Entry> entries = new Renderer(records, names).entries();
		List<EvidenceFile> evidence = evidence(scope, records, names);
		return new Trail(scope.matter(), entries, evidence,
				new ChainState(chain.sealedCount(), chain.head().orElse(null)));
	}

	// --- matters

	private Scope roundScope(Round round) {
		List<Problem> problems = ledger.problemsOfRound(round.id());
		List<Measure> measures = ledger.measuresOfRound(round.id());
		Set<String> keys = new LinkedHashSet<>();
		keys.add(round.key());
		problems.forEach(p -> keys.add(p.key()));
		measures.forEach(m -> keys.add(m.key()));
		List<Fact> facts = new ArrayList<>();
		fact(facts, "轮次编号", round.key());
		fact(facts, "标题", round.title());
		fact(facts, "被巡察单位", round.unit());
		fact(facts, "巡察组", round.inspectionTeam());
		fact(facts, "反馈日期", round.feedbackDate());
		fact(facts, "状态", round.status().label());
		fact(facts, "问题数", problems.size());
		fact(facts, "措施数", measures.size());
		return new Scope(new Matter(MatterType.ROUND.name(), MatterType.ROUND.label, round.key(), round.title(), facts),
				keys, measures);
	}

	private Scope problemScope(Problem problem, Viewer viewer) {
		List<Measure> measures = ledger.measuresOfProblem(problem.id()).stream()
				.filter(m -> viewer.sees(m.department())).toList();
		Set<String> keys = new LinkedHashSet<>();
		keys.add(problem.key());
		measures.forEach(m -> keys.add(m.key()));
		List<Fact> facts = new ArrayList<>();
		fact(facts, "问题编号", problem.key());
		fact(facts, "所属轮次", problem.roundKey());
		fact(facts, "问题类别", problem.categoryTitle());
		fact(facts, "问题", problem.title());
		fact(facts, "责任科室", directory.departmentName(problem.department()));
		fact(facts, "牵头领导", directory.personName(problem.leadLeader()));
		fact(facts, "状态", problem.status().label());
		for (Measure m : measures) {
			fact(facts, "措施 " + m.key(), m.text() + "（" + m.status().label() + "）");
		}
		return new Scope(new Matter(MatterType.PROBLEM.name(), MatterType.PROBLEM.label, problem.key(),
				problem.title(), facts), keys, measures);
	}

	private Scope measureScope(Measure m) {
		Problem problem = ledger.problem(m.problemKey());
		List<Fact> facts = new ArrayList<>();
		fact(facts, "措施编号", m.key());
		fact(facts, "所属问题", problem.key() + " " + problem.title());
		fact(facts, "整改措施", m.text());
		fact(facts, "责任科室", directory.departmentName(m.department()));
		fact(facts, "经办人", directory.personName(m.responsiblePerson()));
		fact(facts, "牵头领导", directory.personName(problem.leadLeader()));
		fact(facts, "整改时限", m.deadline());
		fact(facts, "措施类型", m.type().label());
		fact(facts, "状态", m.status().label());
		if (m.figureTotal() != null) {
			fact(facts, "完成数量", (m.figureDone() == null ? 0 : m.figureDone()) + " / " + m.figureTotal());
		}
		fact(facts, "最新进展", m.latestProgress());
		fact(facts, "销号时间", m.closedAt() == null ? null : format(m.closedAt()));
		return new Scope(new Matter(MatterType.MEASURE.name(), MatterType.MEASURE.label, m.key(), m.text(), facts),
				Set.of(m.key()), List.of(m));
	}

	private static void fact(List<Fact> facts, String label, Object value) {
		if (value != null && !value.toString().isBlank()) {
			facts.add(new Fact(label, value.toString()));
		}
	}

	private static <T> Optional<T> find(java.util.function.Supplier<T> lookup) {
		try {
			return Optional.of(lookup.get());
		}
		catch (NoSuchElementException e) {
			return Optional.empty();
		}
	}

	private List<EvidenceFile> evidence(Scope scope, List<AuditChain.Record> records, Names names) {
		Map<Long, AuditChain.Record> recorded = new HashMap<>();
		for (AuditChain.Record r : records) {
			if (AuditSources.EVIDENCE.equals(r.kind()) && Payloads.read(r.payload()).get("id") instanceof Number n) {
				recorded.put(n.longValue(), r);
			}
		}
		List<EvidenceFile> files = new ArrayList<>();
		for (Measure m : scope.measures()) {
			for (MeasureEvents.Evidence e : measureEvents.evidence(m.id())) {
				AuditChain.Record r = recorded.get(e.id());
				files.add(new EvidenceFile(e.id(), m.key(), e.fileName(), e.contentType(), e.sizeBytes(), e.sha256(),
						names.actor(e.uploadedBy()), e.uploadedAt(), r == null ? null : r.seq(),
						r == null ? null : text(Payloads.read(r.payload()), "sha256")));
			}
		}
		return files;
	}

	static String format(Instant time) {
		return time == null ? null : TIME.format(LocalDateTime.ofInstant(time, Now.CHINA));
	}

	/** People's names, looked up once per trail. */
	private final class Names {
		private final Map<String, String> people = new HashMap<>();

		Actor actor(String id) {
			if (id == null || id.isBlank()) {
				return new Actor("system", "系统");
			}
			return new Actor(id, person(id));
		}

		String person(String id) {
			if (id == null) {
				return null;
			}
			return people.computeIfAbsent(id, k -> privileged.call(() -> directory.personName(k)));
		}

		String people(String ids) {
			if (ids == null || ids.isBlank()) {
				return null;
			}
			return String.join("、", java.util.Arrays.stream(ids.split(",")).map(String::strip).map(this::person)
					.toList());
		}
	}

	/** An entry with where it goes among the entries of the same instant: after record {@code after}. */
	private record Ranked(Entry entry, long after, int order) {
	}

	/** Turns the records of a trail into the entries a person reads. */
	private final class Renderer {

		private final List<AuditChain.Record> records;
		private final List<Map<String, Object>> payloads = new ArrayList<>();
		private final Names names;
		private final Map<String, String> processNames;
		private final Map<String, String> taskNames = new HashMap<>();
		/** Variable records shown as a task's form data. */
		private final Set<Long> formData = new HashSet<>();
		/** Commands in which someone changed variables directly (not through a form). */
		private final Set<String> variableCommands = new HashSet<>();
		private final List<Ranked> entries = new ArrayList<>();
		/** For each record of the project's tables: the task completion it followed from, if any. */
		private final Map<Long, Long> causes = new HashMap<>();

		Renderer(List<AuditChain.Record> records, Names names) {
			this.records = records;
			this.names = names;
			this.processNames = privileged.call(() -> repository.createProcessDefinitionQuery().latestVersion().list()
					.stream().filter(d -> d.getName() != null)
					.collect(java.util.stream.Collectors.toMap(ProcessDefinition::getKey, ProcessDefinition::getName,
							(a, b) -> a)));
			for (AuditChain.Record r : records) {
				Map<String, Object> p = Payloads.read(r.payload());
				payloads.add(p);
				if (AuditHistoryHandler.TASK_CREATED.equals(r.kind())) {
					taskNames.put(text(p, "taskId"), text(p, "name"));
				}
				if (AuditHistoryHandler.OPERATION.equals(r.kind()) && "Variable".equals(p.get("entityType"))) {
					variableCommands.add(text(p, "cmd"));
				}
			}
			// Facts of the project's tables are sealed after the engine's records of the same moment, so the order
			// within one instant is rebuilt: a fact goes right after the task completion whose service tasks wrote it
			// (the last one of the same matter at the same instant, by the same person, or by anyone for facts the
			// system records).
			Map<String, Long> completions = new HashMap<>();
			for (AuditChain.Record r : records) {
				String moment = r.businessKey() + "|" + r.occurredAt();
				if (AuditHistoryHandler.TASK_COMPLETED.equals(r.kind())) {
					completions.put(moment, r.seq());
					completions.put(moment + "|" + r.actor(), r.seq());
				}
				else if (r.source() != null) {
					Long cause = completions.get(r.actor() == null ? moment : moment + "|" + r.actor());
					if (cause != null) {
						causes.put(r.seq(), cause);
					}
				}
			}
		}

		List<Entry> entries() {
			for (int i = 0; i < records.size(); i++) {
				render(records.get(i), payloads.get(i), i);
			}
			for (int i = 0; i < records.size(); i++) {
				AuditChain.Record r = records.get(i);
				if (AuditHistoryHandler.VARIABLE.equals(r.kind()) && !formData.contains(r.seq())
						&& variableCommands.contains(text(payloads.get(i), "cmd"))) {
					Map<String, Object> p = payloads.get(i);
					add(r, "VARIABLE_CHANGED", "修改流程数据「" + forms.label(text(p, "name")) + "」",
							List.of(new Fact(forms.label(text(p, "name")), valueText(p))));
				}
			}
			entries.sort(Comparator.comparing((Ranked e) -> e.entry().time()).thenComparingLong(Ranked::after)
					.thenComparingInt(Ranked::order).thenComparingLong(e -> e.entry().seq()));
			return entries.stream().map(Ranked::entry).toList();
		}

		private void render(AuditChain.Record r, Map<String, Object> p, int index) {
			List<Fact> d = new ArrayList<>();
			switch (r.kind()) {
				case AuditHistoryHandler.PROCESS_STARTED -> {
					fact(d, "业务编号", r.businessKey());
					add(r, "PROCESS_STARTED", "启动「" + process(p) + "」", d);
				}
				case AuditHistoryHandler.PROCESS_ENDED -> {
					String reason = text(p, "deleteReason");
					fact(d, "原因", reason);
					add(r, "PROCESS_ENDED", "「" + process(p) + "」" + (reason == null ? "结束" : "终止"), d);
				}
				case AuditHistoryHandler.TASK_CREATED -> {
					fact(d, "流程", process(p));
					fact(d, "办理人", names.person(text(p, "assignee")));
					fact(d, "办理期限", format(instant(p, "dueDate")));
					add(r, "TASK_CREATED", "生成待办「" + text(p, "name") + "」", d);
				}
				case AuditHistoryHandler.TASK_COMPLETED -> completed(r, p, index);
				case AuditHistoryHandler.TASK_DELETED -> {
					fact(d, "原因", text(p, "deleteReason"));
					add(r, "TASK_CANCELLED", "撤销待办「" + text(p, "name") + "」", d);
				}
				case AuditHistoryHandler.OPERATION -> operation(r, p);
				case AuditSources.EVIDENCE -> {
					fact(d, "文件名", text(p, "fileName"));
					fact(d, "大小", p.get("size") + " 字节");
					fact(d, "类型", text(p, "contentType"));
					fact(d, "SHA-256", text(p, "sha256"));
					add(r, "EVIDENCE", "上传佐证材料「" + text(p, "fileName") + "」", d);
				}
				case AuditSources.REVIEW_ITEM -> review(r, p);
				case AuditSources.ESCALATION_OPENED -> {
					fact(d, "原因", text(p, "reason"));
					fact(d, "通知", names.people(text(p, "notified")));
					fact(d, "承办", names.person(text(p, "tasked")));
					fact(d, "办结时限", format(instant(p, "dueAt")));
					add(r, "ESCALATION_OPENED", "启动" + level(p), d);
				}
				case AuditSources.ESCALATION_HANDLED -> add(r, "ESCALATION_HANDLED", level(p) + "已办理", d);
				case AuditSources.ESCALATION_RESOLVED -> {
					fact(d, "结果", text(p, "resolution"));
					add(r, "ESCALATION_RESOLVED", level(p) + "已解除", d);
				}
				case AuditSources.TALK -> {
					fact(d, "谈话日期", text(p, "heldOn"));
					fact(d, "谈话地点", text(p, "place"));
					fact(d, "参加人员", text(p, "participants"));
					fact(d, "谈话内容", text(p, "content"));
					fact(d, "被谈话人表态", text(p, "commitment"));
					add(r, "TALK", "谈话提醒记录归档", d);
				}
				case AuditSources.COMMENT -> {
					fact(d, "任务", text(p, "taskName"));
					fact(d, "内容", text(p, "message"));
					add(r, "COMMENT", "发表评论", d);
				}
				default -> {
					if (r.kind().startsWith("MEASURE_")) {
						measureEvent(r, p);
					}
				}
			}
		}

		/** A task completed: the form data submitted with it, and the decision if the form took one. */
		private void completed(AuditChain.Record r, Map<String, Object> p, int index) {
			String cmd = text(p, "cmd");
			String instance = text(p, "processInstanceId");
			List<Integer> submitted = new ArrayList<>();
			for (int i = index - 1; i >= 0; i--) {
				Map<String, Object> v = payloads.get(i);
				if (!java.util.Objects.equals(cmd, text(v, "cmd"))
						|| AuditHistoryHandler.TASK_COMPLETED.equals(records.get(i).kind())) {
					break;
				}
				if (AuditHistoryHandler.VARIABLE.equals(records.get(i).kind())
						&& java.util.Objects.equals(instance, text(v, "processInstanceId"))
						&& !"delete".equals(v.get("eventType")) && !unchanged(i)) {
					submitted.add(0, i);
				}
			}
			List<Fact> d = new ArrayList<>();
			fact(d, "流程", process(p));
			for (int i : submitted) {
				formData.add(records.get(i).seq());
				Map<String, Object> v = payloads.get(i);
				fact(d, forms.label(text(v, "name")), valueText(v));
			}
			add(r, "TASK_COMPLETED", "办结「" + text(p, "name") + "」", d);
			for (int i : submitted) {
				Map<String, Object> v = payloads.get(i);
				String name = text(v, "name");
				String value = text(v, "value");
				if (!name.endsWith("Decision") || value == null) {
					continue;
				}
				boolean approved = value.equals("approve") || value.equals("pass");
				List<Fact> decision = new ArrayList<>();
				fact(decision, "任务", text(p, "name"));
				for (int j : submitted) {
					String other = text(payloads.get(j), "name");
					if (other.endsWith("Comment")) {
						fact(decision, forms.label(other), text(payloads.get(j), "value"));
					}
				}
				// Covered by the variable's record, shown after the completion it decided.
				add(records.get(i), r.seq(), 1, approved ? "APPROVED" : "REJECTED",
						forms.label(name) + "：" + forms.value(name, value), decision);
			}
		}

		/** A form that echoes a variable unchanged did not submit anything new. */
		private boolean unchanged(int index) {
			Map<String, Object> v = payloads.get(index);
			for (int i = index - 1; i >= 0; i--) {
				Map<String, Object> before = payloads.get(i);
				if (AuditHistoryHandler.VARIABLE.equals(records.get(i).kind())
						&& text(v, "name").equals(text(before, "name"))
						&& text(v, "processInstanceId").equals(text(before, "processInstanceId"))) {
					return !"delete".equals(before.get("eventType"))
							&& java.util.Objects.equals(v.get("value"), before.get("value"))
							&& java.util.Objects.equals(v.get("sha256"), before.get("sha256"));
				}
			}
			return false;
		}

		private void operation(AuditChain.Record r, Map<String, Object> p) {
			String type = text(p, "operationType");
			String task = taskNames.getOrDefault(text(p, "taskId"), text(p, "taskId"));
			List<Fact> d = new ArrayList<>();
			switch (type == null ? "" : type) {
				case "Claim" -> {
					if (!"assignee".equals(p.get("property"))) {
						return;
					}
					String assignee = text(p, "newValue");
					if (assignee == null) {
						add(r, "TASK_UNCLAIMED", "退回认领「" + task + "」", d);
					}
					else {
						fact(d, "办理人", names.person(assignee));
						add(r, "TASK_CLAIMED", "认领「" + task + "」", d);
					}
				}
				case "Assign", "Delegate", "SetOwner" -> {
					if (!List.of("assignee", "owner").contains(p.get("property"))) {
						return;
					}
					fact(d, "原办理人", names.person(text(p, "orgValue")));
					fact(d, "新办理人", names.person(text(p, "newValue")));
					add(r, "TASK_ASSIGNED", ("Delegate".equals(type) ? "委托「" : "转办「") + task + "」", d);
				}
				case "UpdateComment", "DeleteComment" -> {
					fact(d, "任务", task);
					fact(d, "原内容", text(p, "orgValue"));
					fact(d, "新内容", text(p, "newValue"));
					add(r, "COMMENT_CHANGED", "UpdateComment".equals(type) ? "修改评论" : "删除评论", d);
				}
				default -> {
					// Complete, CreateProcessInstance, … repeat what the history events already say.
				}
			}
		}

		private void review(AuditChain.Record r, Map<String, Object> p) {
			List<Fact> d = new ArrayList<>();
			fact(d, "梳理日期", text(p, "reviewedOn"));
			fact(d, "措施状态", label(text(p, "status"), n -> MeasureStatus.valueOf(n).label()));
			fact(d, "距整改时限（天）", p.get("daysToDeadline"));
			fact(d, "逾期（天）", p.get("daysOverdue"));
			fact(d, "连续逾期梳理次数", p.get("overdueReviews"));
			fact(d, "进展未按时报送", Boolean.TRUE.equals(p.get("reportMissing")) ? "是" : "否");
			fact(d, "研判说明", text(p, "explanation"));
			String colour = label(text(p, "colour"), n -> Colour.valueOf(n).label());
			String level = text(p, "level");
			add(r, "REVIEW", "每半月梳理：" + colour + ("NONE".equals(level) || level == null ? ""
					: " · " + label(level, n -> Level.valueOf(n).label())), d);
		}

		private void measureEvent(AuditChain.Record r, Map<String, Object> p) {
			String kind = text(p, "kind");
			List<Fact> d = new ArrayList<>();
			fact(d, switch (kind) {
				case "RETURNED" -> "退回意见";
				case "CLOSURE_REQUESTED" -> "整改完成情况";
				case "PROGRESS" -> "整改进展";
				default -> "说明";
			}, text(p, "note"));
			if (p.get("figureTotal") != null || p.get("figureDone") != null) {
				fact(d, "完成数量", (p.get("figureDone") == null ? "-" : p.get("figureDone")) + " / "
						+ (p.get("figureTotal") == null ? "-" : p.get("figureTotal")));
			}
			add(r, kind, label(kind, n -> MeasureEvents.Kind.valueOf(n).label()), d);
		}

		private String valueText(Map<String, Object> v) {
			String name = text(v, "name");
			Object value = v.get("value");
			String type = text(v, "type");
			String text;
			if ("file".equals(type) || "bytes".equals(type)) {
				text = (v.get("fileName") == null ? "" : v.get("fileName") + "（") + v.get("size") + " 字节，SHA-256 "
						+ v.get("sha256") + (v.get("fileName") == null ? "" : "）");
			}
			else if (value instanceof Boolean b) {
				text = b ? "是" : "否";
			}
			else if ("date".equals(type) && value != null) {
				text = format(Instant.parse(value.toString()));
			}
			else {
				text = forms.value(name, value == null ? null : value.toString());
			}
			if (v.get("valueLength") != null) {
				text += "…（共 " + v.get("valueLength") + " 字，SHA-256 " + v.get("valueSha256") + "）";
			}
			return text;
		}

		private String process(Map<String, Object> p) {
			String key = text(p, "processDefinitionKey");
			return key == null ? "" : processNames.getOrDefault(key, key);
		}

		private String level(Map<String, Object> p) {
			return "「" + label(text(p, "level"), n -> Level.valueOf(n).label()) + "」";
		}

		private void add(AuditChain.Record r, String kind, String title, List<Fact> details) {
			Long cause = causes.get(r.seq());
			if (cause != null) {
				add(r, cause, 2, kind, title, details);
			}
			else if (r.source() != null) {
				// A fact no task led to (a review's verdict, the escalation it opened) came first: what the engine
				// recorded at the same instant (the supervised matter it started) followed from it.
				add(r, 0, 0, kind, title, details);
			}
			else {
				add(r, r.seq(), 0, kind, title, details);
			}
		}

		private void add(AuditChain.Record r, long after, int order, String kind, String title, List<Fact> details) {
			entries.add(new Ranked(new Entry(r.seq(), r.occurredAt(), kind, KIND_LABELS.getOrDefault(kind, kind),
					r.businessKey(), names.actor(r.actor()), title, details), after, order));
		}
	}

	private static final Map<String, String> KIND_LABELS = Map.ofEntries(Map.entry("PROCESS_STARTED", "流程启动"),
			Map.entry("PROCESS_ENDED", "流程结束"), Map.entry("TASK_CREATED", "生成待办"),
			Map.entry("TASK_CLAIMED", "认领任务"), Map.entry("TASK_UNCLAIMED", "退回认领"),
			Map.entry("TASK_ASSIGNED", "转办任务"), Map.entry("TASK_COMPLETED", "办结任务"),
			Map.entry("TASK_CANCELLED", "撤销待办"), Map.entry("APPROVED", "审批通过"), Map.entry("REJECTED", "审批退回"),
			Map.entry("PROGRESS", "进展报告"), Map.entry("CLOSURE_REQUESTED", "申请销号"), Map.entry("RETURNED", "退回整改"),
			Map.entry("CLOSED", "销号"), Map.entry("LONG_TERM", "长期坚持"), Map.entry("CHECK_EFFECTIVE", "定期检查"),
			Map.entry("CHECK_REBOUND", "定期检查"), Map.entry("EVIDENCE", "佐证材料"), Map.entry("REVIEW", "每半月梳理"),
			Map.entry("ESCALATION_OPENED", "升级督办"), Map.entry("ESCALATION_HANDLED", "督办办理"),
			Map.entry("ESCALATION_RESOLVED", "督办解除"), Map.entry("TALK", "谈话提醒"), Map.entry("COMMENT", "评论"),
			Map.entry("COMMENT_CHANGED", "评论变更"), Map.entry("VARIABLE_CHANGED", "数据变更"));

	/** An enum constant's Chinese label, or the stored name when the enum no longer has it. */
	private static String label(String name, java.util.function.Function<String, String> lookup) {
		if (name == null) {
			return null;
		}
		try {
			return lookup.apply(name);
		}
		catch (IllegalArgumentException e) {
			return name;
		}
	}

	private static String text(Map<String, Object> p, String name) {
		return Payloads.string(p.get(name));
	}

	private static Instant instant(Map<String, Object> p, String name) {
		String text = text(p, name);
		return text == null ? null : Instant.parse(text);
	}
}
