package cn.xuncha.rectify.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

import cn.xuncha.rectify.audit.AuditTrail.Actor;
import cn.xuncha.rectify.audit.AuditTrail.Entry;
import cn.xuncha.rectify.audit.AuditTrail.Fact;
import cn.xuncha.rectify.escalation.Colour;
import cn.xuncha.rectify.escalation.Level;
import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.system.AuditFact;
import cn.xuncha.rectify.system.Privileged;

/**
 * Turns the records of a trail into the entries a person reads: history events into task and process steps (a
 * completion with the form data submitted, a decision as its own entry), the facts features stated into their
 * Chinese wording, each with its {@link AuditKind}. Facts stated in a task's transaction are placed right after that
 * task's completion.
 */
@Component
class TrailRenderer {

	private final Directory directory;
	private final FormLabels forms;
	private final RepositoryService repository;
	private final Privileged privileged;

	TrailRenderer(Directory directory, FormLabels forms, RepositoryService repository, Privileged privileged) {
		this.directory = directory;
		this.forms = forms;
		this.repository = repository;
		this.privileged = privileged;
	}

	/** A fresh cache of people's names, for one trail. */
	Names names() {
		return new Names();
	}

	/** The entries of these records (in chain order), sorted by time. */
	List<Entry> entries(List<AuditChain.Record> records, Names names) {
		return new Run(records, names).entries();
	}

	private Map<String, String> processNames() {
		return privileged.call(() -> repository.createProcessDefinitionQuery().latestVersion().list().stream()
				.filter(d -> d.getName() != null)
				.collect(java.util.stream.Collectors.toMap(ProcessDefinition::getKey, ProcessDefinition::getName,
						(a, b) -> a)));
	}

	/** The label of an entry's kind; a measure event the enum does not list yet keeps the event's own label. */
	private static String kindLabel(String kind) {
		return AuditKind.label(kind, label(kind, n -> MeasureEvents.Kind.valueOf(n).label()));
	}

	/** The fact source of a record, if a feature stated it (and this version knows the source). */
	private static AuditFact.Source source(AuditChain.Record r) {
		if (r.source() == null) {
			return null;
		}
		try {
			return AuditFact.Source.valueOf(r.source());
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static void fact(List<Fact> facts, String label, Object value) {
		if (value != null && !value.toString().isBlank()) {
			facts.add(new Fact(label, value.toString()));
		}
	}

	private static String format(Instant time) {
		return AuditTrail.format(time);
	}

	/** People's names, looked up once per trail. */
	final class Names {
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
	private record Ranked(Entry entry, long after, int order, long place) {
	}

	/** Turns the records of a trail into the entries a person reads. */
	private final class Run {

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

		Run(List<AuditChain.Record> records, Names names) {
			this.records = records;
			this.names = names;
			this.processNames = processNames();
			for (AuditChain.Record r : records) {
				Map<String, Object> p = Payloads.read(r.payload());
				payloads.add(p);
				if (AuditHistoryHandler.TASK_CREATED.equals(r.kind())) {
					taskNames.putIfAbsent(text(p, "taskId"), text(p, "name"));
				}
				else if (AuditHistoryHandler.TASK_COMPLETED.equals(r.kind())
						|| AuditHistoryHandler.TASK_DELETED.equals(r.kind())) {
					// the task's final name: its matter, which tasklist/TaskMatter adds after the task was created
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
					completions.put(moment, r.order());
					completions.put(moment + "|" + r.actor(), r.order());
				}
				else if (r.source() != null) {
					Long cause = completions.get(r.actor() == null ? moment : moment + "|" + r.actor());
					if (cause != null) {
						causes.put(r.order(), cause);
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
				if (AuditHistoryHandler.VARIABLE.equals(r.kind()) && !formData.contains(r.order())
						&& variableCommands.contains(text(payloads.get(i), "cmd"))) {
					Map<String, Object> p = payloads.get(i);
					add(r, AuditKind.VARIABLE_CHANGED.name(), "修改流程数据「" + forms.label(text(p, "name")) + "」",
							List.of(new Fact(forms.label(text(p, "name")), valueText(p))));
				}
			}
			entries.sort(Comparator.comparing((Ranked e) -> e.entry().time()).thenComparingLong(Ranked::after)
					.thenComparingInt(Ranked::order).thenComparingLong(Ranked::place));
			return entries.stream().map(Ranked::entry).toList();
		}

		private void render(AuditChain.Record r, Map<String, Object> p, int index) {
			List<Fact> d = new ArrayList<>();
			switch (r.kind()) {
				case AuditHistoryHandler.PROCESS_STARTED -> {
					fact(d, "业务编号", r.businessKey());
					add(r, AuditKind.PROCESS_STARTED.name(), "启动「" + process(p) + "」", d);
				}
				case AuditHistoryHandler.PROCESS_ENDED -> {
					String reason = text(p, "deleteReason");
					fact(d, "原因", reason);
					add(r, AuditKind.PROCESS_ENDED.name(), "「" + process(p) + "」" + (reason == null ? "结束" : "终止"), d);
				}
				case AuditHistoryHandler.TASK_CREATED -> {
					fact(d, "流程", process(p));
					fact(d, "办理人", names.person(text(p, "assignee")));
					fact(d, "办理期限", format(instant(p, "dueDate")));
					add(r, AuditKind.TASK_CREATED.name(),
							"生成待办「" + taskNames.getOrDefault(text(p, "taskId"), text(p, "name")) + "」", d);
				}
				case AuditHistoryHandler.TASK_COMPLETED -> completed(r, p, index);
				case AuditHistoryHandler.TASK_DELETED -> {
					fact(d, "原因", text(p, "deleteReason"));
					add(r, AuditKind.TASK_CANCELLED.name(), "撤销待办「" + text(p, "name") + "」", d);
				}
				case AuditHistoryHandler.OPERATION -> operation(r, p);
				case EngineComments.COMMENT -> {
					fact(d, "任务", text(p, "taskName"));
					fact(d, "内容", text(p, "message"));
					add(r, AuditKind.COMMENT.name(), "发表评论", d);
				}
				default -> {
					AuditFact.Source source = source(r);
					if (source != null) {
						stated(r, p, source);
					}
				}
			}
		}

		/** A fact a feature stated. */
		private void stated(AuditChain.Record r, Map<String, Object> p, AuditFact.Source source) {
			List<Fact> d = new ArrayList<>();
			switch (source) {
				case MEASURE_EVENT -> measureEvent(r, p);
				case EVIDENCE -> {
					fact(d, "文件名", text(p, "fileName"));
					fact(d, "大小", p.get("size") + " 字节");
					fact(d, "类型", text(p, "contentType"));
					fact(d, "SHA-256", text(p, "sha256"));
					add(r, AuditKind.EVIDENCE.name(), "上传佐证材料「" + text(p, "fileName") + "」", d);
				}
				case REVIEW_ITEM -> review(r, p);
				case ESCALATION_OPENED -> {
					fact(d, "原因", text(p, "reason"));
					fact(d, "通知", names.people(text(p, "notified")));
					fact(d, "承办", names.person(text(p, "tasked")));
					fact(d, "办结时限", format(instant(p, "dueAt")));
					add(r, AuditKind.ESCALATION_OPENED.name(), "启动" + level(p), d);
				}
				case ESCALATION_HANDLED -> add(r, AuditKind.ESCALATION_HANDLED.name(), level(p) + "已办理", d);
				case ESCALATION_RESOLVED -> {
					fact(d, "结果", text(p, "resolution"));
					add(r, AuditKind.ESCALATION_RESOLVED.name(), level(p) + "已解除", d);
				}
				case TALK -> {
					fact(d, "谈话日期", text(p, "heldOn"));
					fact(d, "谈话地点", text(p, "place"));
					fact(d, "参加人员", text(p, "participants"));
					fact(d, "谈话内容", text(p, "content"));
					fact(d, "被谈话人表态", text(p, "commitment"));
					add(r, AuditKind.TALK.name(), "谈话提醒记录归档", d);
				}
				case RULE -> {
					fact(d, "制度名称", text(p, "title"));
					fact(d, "文号", text(p, "documentNumber"));
					fact(d, "印发日期", text(p, "issuedOn"));
					fact(d, "类型", text(p, "kindLabel"));
					fact(d, "佐证材料", p.get("evidenceId") == null ? null : "/api/evidence/" + p.get("evidenceId"));
					add(r, AuditKind.RULE.name(), "记录制度成果「" + text(p, "title") + "」", d);
				}
				case ROUND_REPORT -> {
					fact(d, "截至", text(p, "asOf"));
					fact(d, "报送时限", text(p, "dueDate"));
					fact(d, "整改完成率", text(p, "completionRate"));
					fact(d, "报告正文", text(p, "reportText"));
					fact(d, "签发意见", text(p, "signComment"));
					fact(d, "HTML SHA-256", text(p, "htmlSha256"));
					fact(d, "DOCX SHA-256", text(p, "docxSha256"));
					add(r, AuditKind.REPORT_SIGNED.name(), "签发「" + text(p, "title") + "」", d);
				}
				case ROUND_REPORT_ALERT -> {
					fact(d, "报送时限", text(p, "dueDate"));
					fact(d, "通知", p.get("notified") instanceof List<?> people
							? names.people(String.join(",", people.stream().map(String::valueOf).toList())) : null);
					boolean urge = "URGE".equals(text(p, "level"));
					add(r, AuditKind.REPORT_ALERT.name(), (urge ? "催办" : "提醒") + "：整改情况报告"
							+ (urge ? "逾期未签发" : "即将到期"), d);
				}
				default -> {
					// A fact this renderer has no words for yet: its fields as stated.
					p.forEach((name, value) -> {
						if (!"id".equals(name)) {
							fact(d, forms.label(name), value);
						}
					});
					add(r, r.kind(), kindLabel(r.kind()), d);
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
				formData.add(records.get(i).order());
				Map<String, Object> v = payloads.get(i);
				fact(d, forms.label(text(v, "name")), valueText(v));
			}
			add(r, AuditKind.TASK_COMPLETED.name(), "办结「" + text(p, "name") + "」", d);
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
				add(records.get(i), r.order(), 1, (approved ? AuditKind.APPROVED : AuditKind.REJECTED).name(),
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
						add(r, AuditKind.TASK_UNCLAIMED.name(), "退回认领「" + task + "」", d);
					}
					else {
						fact(d, "办理人", names.person(assignee));
						add(r, AuditKind.TASK_CLAIMED.name(), "认领「" + task + "」", d);
					}
				}
				case "Assign", "Delegate", "SetOwner" -> {
					if (!List.of("assignee", "owner").contains(p.get("property"))) {
						return;
					}
					fact(d, "原办理人", names.person(text(p, "orgValue")));
					fact(d, "新办理人", names.person(text(p, "newValue")));
					add(r, AuditKind.TASK_ASSIGNED.name(), ("Delegate".equals(type) ? "委托「" : "转办「") + task + "」", d);
				}
				case "UpdateComment", "DeleteComment" -> {
					fact(d, "任务", task);
					fact(d, "原内容", text(p, "orgValue"));
					fact(d, "新内容", text(p, "newValue"));
					add(r, AuditKind.COMMENT_CHANGED.name(), "UpdateComment".equals(type) ? "修改评论" : "删除评论", d);
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
			add(r, AuditKind.REVIEW.name(), "每半月梳理：" + colour + ("NONE".equals(level) || level == null ? ""
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
			Long cause = causes.get(r.order());
			if (cause != null) {
				add(r, cause, 2, kind, title, details);
			}
			else if (r.source() != null) {
				// A fact no task led to (a review's verdict, the escalation it opened) came first: what the engine
				// recorded at the same instant (the supervised matter it started) followed from it.
				add(r, 0, 0, kind, title, details);
			}
			else {
				add(r, r.order(), 0, kind, title, details);
			}
		}

		private void add(AuditChain.Record r, long after, int order, String kind, String title, List<Fact> details) {
			entries.add(new Ranked(new Entry(r.seq(), r.sealed(), r.occurredAt(), kind, kindLabel(kind),
					r.businessKey(), names.actor(r.actor()), title, details), after, order, r.order()));
		}
	}

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
