#!/usr/bin/env bash
# The province-scale benchmark (issue 9): bench/run.sh S|M|L  (1k, 10k or 100k measures).
# BENCH_DB=postgres runs the application on a real PostgreSQL server instead of the H2 file (a section of its own).
# Builds the application, starts it on a fresh H2 data folder with the README's JVM flags, drives synthetic rounds
# through the real REST API as the users would (cn.xuncha.rectify.bench.LoadBenchmark), measures a bare Camunda
# engine in the same run, and writes the size's section of docs/benchmarks.md. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-S}"
port="${BENCH_PORT:-18080}"
work="$(mktemp -d /tmp/rectify-bench-XXXX)"
# A long-running node's flags (README): a bounded heap, metaspace and code cache, two malloc arenas (glibc's default
# of 8 per core lets native memory grow with the thread count), the serial collector on 2 cores.
jvm_opts="${BENCH_JVM_OPTS:--Xms256m -Xmx400m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:+UseSerialGC -Xss512k -Duser.timezone=Asia/Shanghai}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
jar="$(ls target/rectification-*.jar | grep -v original | head -1)"

cp="target/test-classes:target/classes:$(cat target/bench.classpath)"

db_args=()
db_dir="$work/data"
pg=""
if [ "${BENCH_DB:-h2}" = postgres ]; then
  # A real PostgreSQL server (the tests' embedded one, server defaults, fsync on) on its own port and folder.
  pg_port="${BENCH_PG_PORT:-15432}"
  db_dir="$work/postgres"
  java -cp "$cp" cn.xuncha.rectify.bench.BenchPostgres "$pg_port" "$db_dir" > "$work/postgres.log" 2>&1 &
  pg=$!
  for i in $(seq 1 120); do grep -q "postgres ready" "$work/postgres.log" && break; sleep 1; done
  grep -q "postgres ready" "$work/postgres.log" || { cat "$work/postgres.log"; exit 1; }
  db_args=(--spring.datasource.url="jdbc:postgresql://localhost:$pg_port/postgres"
    --spring.datasource.username=postgres --spring.datasource.password=postgres)
fi

echo "bench: starting the application on port $port (database ${BENCH_DB:-h2}), data in $work"
# shellcheck disable=SC2086
java $jvm_opts -jar "$jar" --server.port="$port" --rectify.data-dir="$work/data" "${db_args[@]}" \
  --rectify.limits.max-measures-per-round=5000 --logging.level.root=WARN > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; [ -z "$pg" ] || kill $pg 2>/dev/null || true' EXIT
for i in $(seq 1 180); do
  if curl -fsS -u office:demo "http://localhost:$port/api/rounds" > /dev/null 2>&1; then break; fi
  if ! kill -0 $app 2>/dev/null; then cat "$work/app.log"; exit 1; fi
  sleep 1
done
echo "bench: ready after ${i}s; driving size $size"
java -Xmx1g -Dbench.db="${BENCH_DB:-h2}" -cp "$cp" \
  cn.xuncha.rectify.bench.LoadBenchmark "$size" "http://localhost:$port" "$app" "$db_dir" docs/benchmarks.md
echo "bench: docs/benchmarks.md updated; application log in $work/app.log"
if [ -n "${BENCH_KEEP:-}" ]; then
  # For a closer look (EXPLAIN, a profiler): the application and the database stay up until Ctrl-C.
  echo "bench: BENCH_KEEP set: the application stays on port $port${pg:+, PostgreSQL on port $pg_port (postgres/postgres)}; Ctrl-C ends both"
  wait $app
fi
