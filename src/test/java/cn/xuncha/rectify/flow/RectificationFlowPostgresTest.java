package cn.xuncha.rectify.flow;

import org.springframework.context.annotation.Import;

import cn.xuncha.rectify.system.EmbeddedPostgresConfiguration;

/** The same rectification on a real PostgreSQL (embedded, started by the test), as in production. */
@Import(EmbeddedPostgresConfiguration.class)
class RectificationFlowPostgresTest extends RectificationFlowTest {
}
