package cn.xuncha.rectify.system;

import java.io.IOException;
import java.util.NoSuchElementException;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every error of the project's API as JSON with a precise message (Chinese and English), never a stack trace: the
 * handlers below for Spring MVC, {@link #write} for the servlet filters in front of it, one body for both.
 */
@RestControllerAdvice
public class ApiErrors {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	/**
	 * The error body.
	 *
	 * @param type the engine's name for the error ({@code AuthorizationException}, ...) where a client of the engine's
	 *             REST API reads it; left out when null
	 */
	record ApiError(@JsonInclude(JsonInclude.Include.NON_NULL) String type, int status, String error,
			String message) {
	}

	/**
	 * Answers with the error body from outside Spring MVC (a servlet filter), as the handlers do.
	 *
	 * @param type the engine's name for the error, for paths the engine's clients call; null for none
	 */
	public static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type,
			String message) throws IOException {
		byte[] body = json.writeValueAsBytes(new ApiError(type, status.value(), status.getReasonPhrase(), message));
		response.setStatus(status.value());
		response.setContentType("application/json;charset=UTF-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	@ExceptionHandler(BadInputException.class)
	ResponseEntity<ApiError> invalid(BadInputException e) {
		return error(HttpStatus.BAD_REQUEST, e.getMessage());
	}

	@ExceptionHandler(FormInputException.class)
	ResponseEntity<ApiError> formInput(FormInputException e) {
		return error(HttpStatus.BAD_REQUEST, e.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
		String where = "";
		if (e.getCause() instanceof JsonMappingException jme && jme.getLocation() != null) {
			where = " 第 %d 行第 %d 列 (line %d, column %d)".formatted(jme.getLocation().getLineNr(),
					jme.getLocation().getColumnNr(), jme.getLocation().getLineNr(), jme.getLocation().getColumnNr());
			if (!jme.getPath().isEmpty()) {
				where += " 字段 (field) " + jme.getPathReference().replaceFirst("^[^\\[\"]*", "");
			}
		}
		else if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
				&& jpe.getLocation() != null) {
			where = " 第 %d 行第 %d 列 (line %d, column %d)".formatted(jpe.getLocation().getLineNr(),
					jpe.getLocation().getColumnNr(), jpe.getLocation().getLineNr(), jpe.getLocation().getColumnNr());
		}
		// Jackson's words, without the Java exception classes it quotes, e.g. "(java.time.format.DateTimeParseException)"
		String detail = e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
				? jpe.getOriginalMessage().replaceAll("\\s*\\([\\w.$]+(?:Exception|Error)\\)", "")
				: "请求体缺失或无法读取 (missing or unreadable body)";
		return error(HttpStatus.BAD_REQUEST, "请求格式错误" + where + ": " + detail);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
		return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"不支持的内容类型 (unsupported content type): " + e.getContentType() + "; expected "
						+ e.getSupportedMediaTypes());
	}

	/** A client that accepts only e.g. text/html still gets the error as JSON, never an HTML error page. */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
		return error(HttpStatus.NOT_ACCEPTABLE,
				"不支持请求的响应类型，本接口只返回 JSON (not acceptable: this API answers application/json only)");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
		return error(HttpStatus.BAD_REQUEST, "参数 " + e.getName() + " 格式错误 (bad parameter " + e.getName() + ")");
	}

	@ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ApiError> method(org.springframework.web.HttpRequestMethodNotSupportedException e) {
		return error(HttpStatus.METHOD_NOT_ALLOWED, "不支持的请求方法 (method not allowed): " + e.getMethod());
	}

	@ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
	ResponseEntity<ApiError> noResource(org.springframework.web.servlet.resource.NoResourceFoundException e) {
		return error(HttpStatus.NOT_FOUND, "不存在 (not found): /" + e.getResourcePath());
	}

	@ExceptionHandler(NoSuchElementException.class)
	ResponseEntity<ApiError> notFound(NoSuchElementException e) {
		return error(HttpStatus.NOT_FOUND, e.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ResponseEntity<ApiError> conflict(ConflictException e) {
		return error(HttpStatus.CONFLICT, e.getMessage());
	}

	/** A lost race, e.g. two people completing the same task at once: the loser may reload and retry. */
	@ExceptionHandler(org.camunda.bpm.engine.OptimisticLockingException.class)
	ResponseEntity<ApiError> lostRace(org.camunda.bpm.engine.OptimisticLockingException e) {
		return error(HttpStatus.CONFLICT, "操作冲突：数据刚被他人修改，请刷新后重试 (conflict: changed by someone else at the same time; "
				+ "reload and retry)");
	}

	@ExceptionHandler(org.camunda.bpm.engine.AuthorizationException.class)
	ResponseEntity<ApiError> forbidden(org.camunda.bpm.engine.AuthorizationException e) {
		return error(HttpStatus.FORBIDDEN, "无权执行此操作 (forbidden): " + e.getMessage());
	}

	@ExceptionHandler(RefusedException.class)
	ResponseEntity<ApiError> forbidden(RefusedException e) {
		return error(HttpStatus.FORBIDDEN, e.getMessage());
	}

	@ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
	ResponseEntity<ApiError> tooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
		return error(HttpStatus.PAYLOAD_TOO_LARGE, "上传文件过大 (upload too large)");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ApiError> unexpected(Exception e) {
		log.error("Unexpected error", e);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "服务器内部错误，请联系管理员 (internal error)");
	}

	static ResponseEntity<ApiError> error(HttpStatus status, String message) {
		// Content-Type set here, not negotiated from Accept: an error is JSON whatever the client asked for.
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
				.body(new ApiError(null, status.value(), status.getReasonPhrase(), message));
	}
}
