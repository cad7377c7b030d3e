package cn.xuncha.rectify.system;

import java.util.LinkedHashMap;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.model.xml.ModelParseException;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.xml.sax.SAXException;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The engine's REST API (/engine-rest and the webapps' /camunda/api/engine) answers a client's mistake as a 4xx, not
 * as the 500 Camunda gives it: a lost race (two people completing the same task: OptimisticLockingException, which the
 * task resource wraps in a RestException) is a 409, the task the other one completed first a 404, a model whose XML
 * does not parse (malformed, or with a DOCTYPE as in XXE) a 400, a refusal a 403 however a resource wrapped it.
 * Everything else is answered as Camunda would. The body keeps the engine's shape {"type": …, "message": …}.
 *
 * <p>Registered through Jersey's auto-discovery (META-INF/services) rather than a Spring ResourceConfigCustomizer:
 * the customizer reaches only /engine-rest's ResourceConfig, while the webapps' engine API is a Jersey application
 * that Camunda's webapp initializer creates outside Spring. The mappers outrank Camunda's handlers of the same
 * exception types by their priority.
 */
public class EngineRestErrors implements AutoDiscoverable {

	static final int BEFORE_CAMUNDA = Priorities.USER - 100;

	@Override
	public void configure(FeatureContext context) {
		if (!context.getConfiguration().isRegistered(EngineExceptions.class)) {
			context.register(new EngineExceptions());
			context.register(new RestExceptions());
		}
	}

	/** The answer to any exception the engine's REST API raised. */
	static Response answer(Throwable e) {
		// Some resources (comments, for one) wrap every engine exception in a 400 "Not enough parameters
		// submitted": a refusal by the authorizations or the engine gate stays a 403 with its own message.
		Throwable refusal = find(e, AuthorizationException.class);
		if (refusal != null && refusal != e) {
			return ExceptionHandlerHelper.getInstance().getResponse(refusal);
		}
		if (!(e instanceof AuthorizationException)) {
			if (cause(e, OptimisticLockingException.class)) {
				return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
						.entity(body("OptimisticLockingException",
								"操作冲突：数据刚被他人修改（例如同一任务被同时办理），请刷新后重试 (conflict: changed by someone else at the "
										+ "same time, e.g. the task was completed concurrently; reload and retry)"))
						.build();
			}
			// The task resource reports a task that is gone (completed a moment ago by someone else) as a 500.
			Throwable missing = find(e, NullValueException.class);
			if (missing != null) {
				boolean notFound = String.valueOf(missing.getMessage()).startsWith("Cannot find");
				return Response.status(notFound ? Response.Status.NOT_FOUND : Response.Status.BAD_REQUEST)
						.type(MediaType.APPLICATION_JSON_TYPE)
						.entity(body("InvalidRequestException", (notFound
								? "不存在，可能刚被他人办理 (not found, perhaps just completed by someone else): "
								: "缺少必要的值 (a required value is missing): ") + e.getMessage()))
						.build();
			}
			if (cause(e, SAXException.class) || cause(e, ModelParseException.class)) {
				return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
						.entity(body("ParseException", "模型文件无法解析，不接受 DOCTYPE 与外部实体 (the model could not be parsed; "
								+ "DOCTYPE and external entities are refused): " + e.getMessage()))
						.build();
			}
		}
		return ExceptionHandlerHelper.getInstance().getResponse(e);
	}

	private static boolean cause(Throwable e, Class<? extends Throwable> type) {
		return find(e, type) != null;
	}

	private static Throwable find(Throwable e, Class<? extends Throwable> type) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return t;
			}
		}
		return null;
	}

	private static LinkedHashMap<String, Object> body(String type, String message) {
		var body = new LinkedHashMap<String, Object>();
		body.put("type", type);
		body.put("message", message);
		return body;
	}

	@Priority(BEFORE_CAMUNDA)
	static final class EngineExceptions implements ExceptionMapper<ProcessEngineException> {

		@Override
		public Response toResponse(ProcessEngineException e) {
			return answer(e);
		}
	}

	/** The task resource wraps the engine's exceptions in RestExceptions (status 500 for most). */
	@Priority(BEFORE_CAMUNDA)
	static final class RestExceptions implements ExceptionMapper<RestException> {

		@Override
		public Response toResponse(RestException e) {
			return answer(e);
		}
	}
}
