package cn.xuncha.rectify.system;

import java.io.IOException;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started for the test's application context and stopped after it, so the engine closes
 * its connections before the server goes away.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgresConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres() throws IOException {
		// Spring stops it after the engine (destroyMethod); a JVM hook of its own would race the engine's shutdown.
		return EmbeddedPostgres.builder().setRegisterShutdownHook(false).setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
	}

	@Bean(destroyMethod = "close")
	@Primary
	DataSource dataSource(EmbeddedPostgres postgres) {
		var dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPassword("postgres");
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}
}
