package cn.xuncha.rectify.measure;

import org.springframework.context.annotation.Import;

import cn.xuncha.rectify.system.EmbeddedPostgresConfiguration;

/** 回头看 and the demo's rebound on a real PostgreSQL (embedded, started by the test), as in production. */
@Import(EmbeddedPostgresConfiguration.class)
class MeasureRecheckPostgresTest extends MeasureRecheckApiTest {
}
