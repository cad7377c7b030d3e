package cn.xuncha.rectify.measure;

import org.springframework.context.annotation.Import;

import cn.xuncha.rectify.system.EmbeddedPostgresConfiguration;

/** 制度成果 on a real PostgreSQL (embedded, started by the test), as in production. */
@Import(EmbeddedPostgresConfiguration.class)
class RulesMadePostgresTest extends RulesMadeApiTest {
}
