package cn.xuncha.rectify.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/** Writes one size's figures into docs/benchmarks.md, between its own markers, leaving the other sections alone. */
record Report(String size, String db, int measures, Map<String, Object> figures, Map<String, Double> baseline,
		boolean complete) {

	/** figure name → (label, target on the 2-core machine, from issue 9). */
	static final String[][] ROWS = {
			{ "importMeasuresPerSecond", "import (measures/s, `POST /api/rounds`)", "" },
			{ "problemProcessesStartedPerSecond", "feedback registered: problem processes started/s", "" },
			{ "measureProcessesStartedPerSecond", "plan approvals: measure processes started/s", "≥ 85% of bare starts/s" },
			{ "planDriveSeconds", "drive 7/10 of the plans through draft + approval (s, 4 users at once)", "" },
			{ "sealLagSeconds", "seal lag after the drive: until no audit record is unsealed (s)", "≤ 30 s after 10k" },
			{ "reviewFirstSeconds", "half-monthly review, first, until its last chunk is applied (s)", "≤ 60 s at 100k" },
			{ "reviewRepeatedSeconds", "half-monthly review, nothing new (s)", "≤ 15 s at 100k" },
			{ "filterDeptListP50Ms", "filter 本科室待办 list p50 (ms)", "" },
			{ "filterDeptListP95Ms", "filter 本科室待办 list p95 (ms)", "≤ 50 ms" },
			{ "filterDeptCountP95Ms", "filter 本科室待办 count p95 (ms)", "≤ 50 ms" },
			{ "filterMineListP95Ms", "filter 我的待办 list p95 (ms)", "≤ 50 ms" },
			{ "filterOverdueListP95Ms", "filter 已逾期 list p95 (ms, office)", "≤ 50 ms" },
			{ "filterOverdueCountP95Ms", "filter 已逾期 count p95 (ms, office)", "≤ 50 ms" },
			{ "ledgerJsonMs", "ledger JSON of one round (ms)", "" },
			{ "ledgerXlsxMs", "ledger.xlsx of one round (ms)", "" },
			{ "auditMeasureP50Ms", "audit timeline of a measure p50 (ms)", "" },
			{ "auditMeasureP95Ms", "audit timeline of a measure p95 (ms)", "≤ 100 ms" },
			{ "auditProblemP95Ms", "audit timeline of a problem p95 (ms)", "" },
			{ "auditRoundMs", "audit timeline of a round (ms)", "" },
			{ "auditVerifyMs", "chain check `/api/audit/verify` (ms)", "" },
			{ "auditVerifyResult", "chain check's answer after the drive", "ok" },
			{ "noticeMs", "progress notice (ms)", "" },
			{ "rssPeakMb", "application RSS, peak (MB)", "≤ 768 MB" },
			{ "dbSizeMb", "database on disk (MB)", "" } };

	void write(Path file) throws IOException {
		boolean h2 = "h2".equals(db);
		String sectionId = h2 ? size : size + "-" + db;
		String begin = "<!-- bench:" + sectionId + ":begin -->";
		String end = "<!-- bench:" + sectionId + ":end -->";
		var section = new StringBuilder(begin).append('\n');
		section.append("### ").append(size).append(h2 ? "" : " on PostgreSQL").append(": ").append("%,d".formatted(measures)).append(" measures in ")
				.append(figures.get("rounds")).append(" round(s), measured ").append(LocalDate.now())
				.append(complete ? "" : " — **incomplete**: the run stopped (or is still running) after the last figure below")
				.append("\n\n");
		section.append("Machine: ").append(machine()).append(". Database: ")
				.append(h2 ? "H2 file (the default)" : "PostgreSQL (embedded server, its defaults, fsync on)")
				.append("\n\n");
		section.append("| figure | value | target |\n|---|---|---|\n");
		for (String[] row : ROWS) {
			Object value = figures.get(row[0]);
			if (value != null) {
				section.append("| ").append(row[1]).append(" | ").append(value).append(" | ").append(row[2]).append(" |\n");
			}
		}
		double bare = baseline.get("startsPerSecond");
		Object ours = figures.get("measureProcessesStartedPerSecond");
		section.append("\nBare Camunda 7.24 in the same run (H2 file, history FULL, one thread): ")
				.append(bare).append(" starts/s, ").append(baseline.get("completionsPerSecond")).append(" completions/s, ")
				.append(baseline.get("timersPerSecond")).append(" timers/s.");
		if (ours instanceof Number n) {
			section.append(" Measure-process starts in plan approvals: ").append(Math.round(n.doubleValue() / bare * 100))
					.append("% of the bare engine's start rate.");
		}
		section.append('\n').append(end).append('\n');

		String text = Files.exists(file) ? Files.readString(file, UTF_8) : "# Benchmarks\n";
		if (!text.contains("## Load")) {
			text += "\n## Load\n\n`bench/run.sh S|M|L` (see the README) builds the application, starts it on a fresh H2 "
					+ "data folder, drives synthetic rounds through the real REST API as the users would and writes its "
					+ "size's section below.\n\n";
		}
		int from = text.indexOf(begin);
		if (from >= 0) {
			int to = text.indexOf(end, from) + end.length() + 1;
			text = text.substring(0, from) + section + text.substring(Math.min(to, text.length()));
		}
		else {
			text += "\n" + section;
		}
		Files.writeString(file, text, UTF_8);
	}

	private static String machine() {
		String cpu = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
					.findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
		}
		catch (IOException e) {
			// not Linux
		}
		return "%d cores (%s), %d GiB, Java %s".formatted(Runtime.getRuntime().availableProcessors(), cpu,
				Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
						.getOperatingSystemMXBean()).getTotalMemorySize() / 1024.0 / 1024 / 1024),
				System.getProperty("java.version"));
	}
}
