package cn.xuncha.rectify.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns the engine's history events that make a matter's trail (process started/ended, task created/completed/
 * cancelled, variable written, user operation such as a claim) into audit records. It runs inside every engine
 * command, so it queries nothing: the business key comes from the event or from the command's entity cache (else
 * the seal looks it up), and the records of one transaction go to the database in one batched insert just before it
 * commits, or not at all when it rolls back. Every record carries the id of the engine command that produced it
 * ({@code cmd}), which ties a task's completion to the form data submitted with it.
 */
@org.springframework.stereotype.Component
class AuditHistoryHandler implements HistoryEventHandler {

	static final String PROCESS_STARTED = "PROCESS_STARTED";
	static final String PROCESS_ENDED = "PROCESS_ENDED";
	static final String TASK_CREATED = "TASK_CREATED";
	static final String TASK_COMPLETED = "TASK_COMPLETED";
	static final String TASK_DELETED = "TASK_DELETED";
	static final String VARIABLE = "VARIABLE";
	static final String OPERATION = "OPERATION";

	private final AuditChain chain;
	/** Distinguishes this node's command ids from another node's. */
	private final String node = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
	private final AtomicLong commands = new AtomicLong();

	AuditHistoryHandler(AuditChain chain) {
		this.chain = chain;
	}

	@Override
	public void handleEvents(List<HistoryEvent> events) {
		events.forEach(this::handleEvent);
	}

	@Override
	public void handleEvent(HistoryEvent event) {
		String kind = kind(event);
		if (kind == null) {
			return;
		}
		CommandContext command = Context.getCommandContext();
		Buffer buffer = buffer();
		Map<String, Object> payload = Payloads.map();
		payload.put("cmd", buffer == null ? nextCommandId() : buffer.commandId(command));
		payload.put("eventType", event.getEventType());
		payload.put("processInstanceId", event.getProcessInstanceId());
		payload.put("processDefinitionKey", event.getProcessDefinitionKey());
		String actor = command == null ? null : command.getAuthenticatedUserId();
		Date time = describe(event, payload);
		if (event instanceof UserOperationLogEntryEventEntity op && op.getUserId() != null) {
			actor = op.getUserId();
		}
		var record = new AuditChain.NewRecord((time == null ? ClockUtil.getCurrentTime() : time).toInstant(),
				businessKey(event, command), kind, actor, Payloads.json(payload), event.getProcessInstanceId(), null,
				null);
		if (buffer == null) {
			chain.append(List.of(record));
		}
		else {
			buffer.add(record);
		}
	}

	/**
	 * Appends a fact a feature stated in the order it happened among this transaction's engine records (which are
	 * written when the transaction commits): a fact a service task stated follows the task completion that led to it.
	 */
	void appendInOrder(List<AuditChain.NewRecord> records) {
		Buffer buffer = buffer();
		if (buffer == null) {
			chain.append(records);
		}
		else {
			records.forEach(buffer::add);
		}
	}

	/** The kind of record an event makes, or null for events the trail does not need (activities, jobs, …). */
	static String kind(HistoryEvent event) {
		String type = event.getEventType();
		if (event instanceof HistoricProcessInstanceEventEntity) {
			return "start".equals(type) ? PROCESS_STARTED : "end".equals(type) ? PROCESS_ENDED : null;
		}
		if (event instanceof HistoricTaskInstanceEventEntity) {
			return switch (type) {
				case "create" -> TASK_CREATED;
				case "complete" -> TASK_COMPLETED;
				case "delete" -> TASK_DELETED;
				default -> null;
			};
		}
		if (event instanceof HistoricVariableUpdateEventEntity) {
			return "migrate".equals(type) ? null : VARIABLE;
		}
		if (event instanceof UserOperationLogEntryEventEntity) {
			return OPERATION;
		}
		return null;
	}

	/** Fills the payload with what the event says; answers when it happened. */
	private static Date describe(HistoryEvent event, Map<String, Object> p) {
		if (event instanceof HistoricProcessInstanceEventEntity e) {
			p.put("businessKey", e.getBusinessKey());
			p.put("startUserId", e.getStartUserId());
			p.put("superProcessInstanceId", e.getSuperProcessInstanceId());
			p.put("deleteReason", e.getDeleteReason());
			p.put("state", e.getState());
			return e.getEndTime() != null ? e.getEndTime() : e.getStartTime();
		}
		if (event instanceof HistoricTaskInstanceEventEntity e) {
			p.put("taskId", e.getTaskId());
			p.put("name", e.getName());
			p.put("taskDefinitionKey", e.getTaskDefinitionKey());
			p.put("assignee", e.getAssignee());
			p.put("owner", e.getOwner());
			p.put("dueDate", e.getDueDate() == null ? null : e.getDueDate().toInstant().toString());
			p.put("deleteReason", e.getDeleteReason());
			return e.getEndTime() != null ? e.getEndTime() : e.getStartTime();
		}
		if (event instanceof HistoricVariableUpdateEventEntity e) {
			p.put("name", e.getVariableName());
			p.put("taskId", e.getTaskId());
			p.put("revision", e.getRevision());
			if (!"delete".equals(e.getEventType())) {
				value(e, p);
			}
			return e.getTimestamp();
		}
		if (event instanceof UserOperationLogEntryEventEntity e) {
			p.put("operationType", e.getOperationType());
			p.put("entityType", e.getEntityType());
			p.put("property", e.getProperty());
			p.put("orgValue", e.getOrgValue());
			p.put("newValue", e.getNewValue());
			p.put("taskId", e.getTaskId());
			p.put("operationId", e.getOperationId());
			p.put("annotation", e.getAnnotation());
			return e.getTimestamp();
		}
		return null;
	}

	/** The value as text; files and bytes by name, size and SHA-256, never their content. */
	private static void value(HistoricVariableUpdateEventEntity e, Map<String, Object> p) {
		String type = e.getSerializerName() == null ? "null" : e.getSerializerName();
		p.put("type", type);
		byte[] bytes = e.getByteValue();
		switch (type) {
			case "null" -> {
			}
			case "string" -> Payloads.putText(p, "value", e.getTextValue());
			case "boolean" -> p.put("value", e.getLongValue() == null ? null : e.getLongValue() != 0);
			case "date" -> p.put("value",
					e.getLongValue() == null ? null : Instant.ofEpochMilli(e.getLongValue()).toString());
			case "long", "integer", "short" -> p.put("value", e.getLongValue());
			case "double" -> p.put("value", e.getDoubleValue() == null ? null : e.getDoubleValue().toString());
			case "file" -> {
				p.put("fileName", e.getTextValue());
				p.put("mimeType", e.getTextValue2());
				if (bytes != null) {
					p.put("size", bytes.length);
					p.put("sha256", Payloads.sha256(bytes));
				}
			}
			case "bytes" -> {
				if (bytes != null) {
					p.put("size", bytes.length);
					p.put("sha256", Payloads.sha256(bytes));
				}
			}
			default -> {
				// Json, objects serialized as JSON, XML: the serialized text.
				p.put("objectType", e.getTextValue2());
				Payloads.putText(p, "value", bytes != null ? new String(bytes, StandardCharsets.UTF_8)
						: e.getTextValue() != null ? e.getTextValue() : Payloads.string(e.getLongValue()));
			}
		}
	}

	private static String businessKey(HistoryEvent event, CommandContext command) {
		if (event instanceof HistoricProcessInstanceEventEntity e && e.getBusinessKey() != null) {
			return e.getBusinessKey();
		}
		if (command == null || event.getProcessInstanceId() == null) {
			return null;
		}
		ExecutionEntity instance = command.getDbEntityManager().getCachedEntity(ExecutionEntity.class,
				event.getProcessInstanceId());
		return instance == null ? null : instance.getBusinessKey();
	}

	private String nextCommandId() {
		return node + "-" + Long.toString(commands.incrementAndGet(), 36);
	}

	/** This transaction's records, registered with it on the first event; null outside a Spring transaction. */
	private Buffer buffer() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		Buffer buffer = (Buffer) TransactionSynchronizationManager.getResource(this);
		if (buffer == null) {
			buffer = new Buffer();
			TransactionSynchronizationManager.bindResource(this, buffer);
			TransactionSynchronizationManager.registerSynchronization(buffer);
		}
		return buffer;
	}

	private final class Buffer implements TransactionSynchronization {

		private final List<AuditChain.NewRecord> records = new ArrayList<>();
		private CommandContext lastCommand;
		private String lastCommandId;
		private boolean flushed;

		String commandId(CommandContext command) {
			if (command != lastCommand || lastCommandId == null) {
				lastCommand = command;
				lastCommandId = nextCommandId();
			}
			return lastCommandId;
		}

		void add(AuditChain.NewRecord record) {
			if (flushed) {
				chain.append(List.of(record));
			}
			else {
				records.add(record);
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			flushed = true;
			chain.append(records);
			records.clear();
		}

		@Override
		public void suspend() {
			TransactionSynchronizationManager.unbindResource(AuditHistoryHandler.this);
		}

		@Override
		public void resume() {
			TransactionSynchronizationManager.bindResource(AuditHistoryHandler.this, this);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(AuditHistoryHandler.this);
			lastCommand = null;
		}
	}
}
