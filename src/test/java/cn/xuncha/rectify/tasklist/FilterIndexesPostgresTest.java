package cn.xuncha.rectify.tasklist;

import org.springframework.context.annotation.Import;

import cn.xuncha.rectify.system.EmbeddedPostgresConfiguration;

/** The same script on a real PostgreSQL (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class FilterIndexesPostgresTest extends FilterIndexesTest {
}
