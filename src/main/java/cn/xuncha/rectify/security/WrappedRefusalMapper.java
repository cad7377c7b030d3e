package cn.xuncha.rectify.security;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Some engine REST resources (comments, for one) wrap every engine exception in a 400 "Not enough parameters
 * submitted". A refusal by the authorizations or the {@link EngineGate} stays a 403 with its own message.
 */
@Provider
public class WrappedRefusalMapper implements ExceptionMapper<InvalidRequestException> {

	@Override
	public Response toResponse(InvalidRequestException exception) {
		for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthorizationException refusal) {
				return ExceptionHandlerHelper.getInstance().getResponse(refusal);
			}
		}
		return ExceptionHandlerHelper.getInstance().getResponse(exception);
	}
}
