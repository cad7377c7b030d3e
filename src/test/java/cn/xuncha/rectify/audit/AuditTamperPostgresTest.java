package cn.xuncha.rectify.audit;

import org.springframework.context.annotation.Import;

import cn.xuncha.rectify.system.EmbeddedPostgresConfiguration;

/** The same attacks on a real PostgreSQL (embedded, started by the test), as in production. */
@Import(EmbeddedPostgresConfiguration.class)
class AuditTamperPostgresTest extends AuditTamperTest {
}
