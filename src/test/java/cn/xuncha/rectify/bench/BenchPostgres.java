package cn.xuncha.rectify.bench;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for {@code BENCH_DB=postgres bench/run.sh S|M|L}: the embedded PostgreSQL the tests use,
 * with its server defaults (fsync on, as in production), on the given port and data folder. Prints its JDBC URL and
 * runs until killed.
 */
public final class BenchPostgres {

	private BenchPostgres() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path data = Path.of(args[1]);
		var postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(true)
				.setServerConfig("max_connections", "100").start();
		System.out.println("postgres ready: " + postgres.getJdbcUrl("postgres", "postgres"));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				postgres.close();
			}
			catch (Exception e) {
				// stopping anyway
			}
		}));
		Thread.currentThread().join();
	}
}
