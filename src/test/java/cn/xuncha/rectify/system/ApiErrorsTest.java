package cn.xuncha.rectify.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The project API's answer to a lost race: 409 as JSON, whatever the client accepts. */
class ApiErrorsTest {

	@Test
	void lostRaceIsAConflict() {
		var answer = new ApiErrors().lostRace(new OptimisticLockingException("ENGINE-03005 Execution of 'UPDATE' failed"));
		assertThat(answer.getStatusCode().value()).isEqualTo(409);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(answer.getBody().error()).isEqualTo("Conflict");
		assertThat(answer.getBody().message()).contains("conflict").contains("操作冲突").doesNotContain("ENGINE-");
	}
}
