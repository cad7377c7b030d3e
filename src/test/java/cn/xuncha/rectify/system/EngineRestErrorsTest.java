package cn.xuncha.rectify.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

import jakarta.ws.rs.core.Response;

/**
 * The answers of the engine REST mappers to the exceptions the engine raises, as the engine raises them: a lost race
 * bare or wrapped by the task resource, a task completed by someone else, a model the XML parser refused.
 */
class EngineRestErrorsTest {

	@Test
	void lostRaceIsAConflict() {
		Response response = new EngineRestErrors.EngineExceptions()
				.toResponse(new OptimisticLockingException("ENGINE-03005 Execution of 'DELETE TaskEntity' failed"));
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(entity(response)).containsEntry("type", "OptimisticLockingException")
				.hasEntrySatisfying("message", m -> assertThat((String) m).contains("conflict").contains("操作冲突"));
	}

	@Test
	void lostRaceWrappedByTheTaskResourceIsAConflict() {
		var wrapped = new RestException(Response.Status.INTERNAL_SERVER_ERROR,
				new OptimisticLockingException("ENGINE-03005"), "Cannot complete task 42: ENGINE-03005");
		Response response = new EngineRestErrors.RestExceptions().toResponse(wrapped);
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(entity(response)).containsEntry("type", "OptimisticLockingException");
	}

	@Test
	void taskCompletedBySomeoneElseIsNotFound() {
		var wrapped = new RestException(Response.Status.INTERNAL_SERVER_ERROR,
				new NullValueException("Cannot find task with id 42: task is null"),
				"Cannot complete task 42: Cannot find task with id 42: task is null");
		Response response = new EngineRestErrors.RestExceptions().toResponse(wrapped);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat((String) entity(response).get("message")).contains("not found").contains("42");
	}

	@Test
	void modelTheXmlParserRefusedIsABadRequest() {
		var refused = new ProcessEngineException("ENGINE-09005 Could not parse BPMN process",
				new SAXParseException("DOCTYPE is disallowed when the feature "
						+ "\"http://apache.org/xml/features/disallow-doctype-decl\" set to true.", null));
		Response response = new EngineRestErrors.EngineExceptions().toResponse(refused);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(entity(response)).containsEntry("type", "ParseException");
	}

	@Test
	void otherEngineExceptionsAreAnsweredAsCamundaWould() {
		assertThat(new EngineRestErrors.EngineExceptions()
				.toResponse(new AuthorizationException("staff-law has no UPDATE on task 42")).getStatus()).isEqualTo(403);
		assertThat(new EngineRestErrors.EngineExceptions().toResponse(new ProcessEngineException("boom")).getStatus())
				.isEqualTo(500);
		assertThat(new EngineRestErrors.RestExceptions()
				.toResponse(new RestException(Response.Status.BAD_REQUEST, "bad")).getStatus()).isEqualTo(400);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> entity(Response response) {
		return (Map<String, Object>) response.getEntity();
	}
}
