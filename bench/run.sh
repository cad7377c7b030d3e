#!/usr/bin/env bash
# The province-scale benchmark (issue 9): bench/run.sh S|M|L  (1k, 10k or 100k measures).
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
jvm_opts="${BENCH_JVM_OPTS:--Xms256m -Xmx512m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:+UseSerialGC -Xss512k -Duser.timezone=Asia/Shanghai}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
jar="$(ls target/rectification-*.jar | grep -v original | head -1)"

echo "bench: starting the application on port $port, data in $work"
# shellcheck disable=SC2086
java $jvm_opts -jar "$jar" --server.port="$port" --rectify.data-dir="$work/data" \
  --rectify.limits.max-measures-per-round=5000 --logging.level.root=WARN > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for i in $(seq 1 180); do
  if curl -fsS -u office:demo "http://localhost:$port/api/rounds" > /dev/null 2>&1; then break; fi
  if ! kill -0 $app 2>/dev/null; then cat "$work/app.log"; exit 1; fi
  sleep 1
done
echo "bench: ready after ${i}s; driving size $size"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  cn.xuncha.rectify.bench.LoadBenchmark "$size" "http://localhost:$port" "$app" "$work/data" docs/benchmarks.md
echo "bench: docs/benchmarks.md updated; application log in $work/app.log"
