#!/usr/bin/env bash
# Start-up and memory of the demo: launches the packaged jar on a fresh data directory RUNS times and measures
# the time from launch until /actuator/health/readiness says UP (jars that have it) and a demo user can log in
# (GET /api/rounds as office:demo answers 200), and the peak RSS during start-up. Prints one line per run and the
# medians, and appends them to bench/results/startup.txt.
#
#   bench/startup.sh                      # builds the jar if missing, 5 runs with the recommended flags
#   RUNS=3 JAVA_OPTS="" bench/startup.sh  # the JVM's defaults
#   JAR=/path/to/other.jar bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
PORT=${PORT:-18080}
# Recommended for the demo (README, "Start-up and memory"); override with JAVA_OPTS.
JAVA_OPTS=${JAVA_OPTS--Xmx512m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.timezone=Asia/Shanghai}
JAR=${JAR:-$(ls target/rectification-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [[ -z "$JAR" ]]; then
  mvn -B -q -DskipTests package
  JAR=$(ls target/rectification-*.jar | grep -v original | head -1)
fi
mkdir -p bench/results
out=bench/results/startup.txt

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

ready_ms=() readiness_ms=() rss_kb=()
for run in $(seq 1 "$RUNS"); do
  data=$(mktemp -d /tmp/rectify-bench.XXXXXX)
  log="$data/app.log"
  start=$(now_ms)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --rectify.data-dir="$data" --server.port="$PORT" >"$log" 2>&1 &
  pid=$!
  peak=0 readiness=- ready=-
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || echo 0)
    (( ${rss:-0} > peak )) && peak=$rss
    if [[ $readiness == - ]] && curl -sf -o /dev/null "http://localhost:$PORT/actuator/health/readiness"; then
      readiness=$(( $(now_ms) - start ))
    fi
    # demo users exist before the demo round is in: ready is readiness UP (if the jar has it) and a login
    if { [[ $readiness != - ]] || ! grep -q actuator <(unzip -l "$JAR" 2>/dev/null); } \
        && curl -sf -o /dev/null -u office:demo "http://localhost:$PORT/api/rounds"; then
      ready=$(( $(now_ms) - start ))
      break
    fi
    (( $(now_ms) - start > 180000 )) && break
    sleep 0.2
  done
  # a few seconds after ready, for the memory the running demo keeps
  for _ in 1 2 3 4 5; do
    rss=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || echo 0)
    (( ${rss:-0} > peak )) && peak=$rss
    sleep 1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ $ready == - ]]; then
    echo "run $run: not ready within 180 s, see $log" >&2
    exit 1
  fi
  echo "run $run: login ok ${ready} ms, readiness UP ${readiness} ms, peak RSS $((peak / 1024)) MB"
  ready_ms+=("$ready") readiness_ms+=("$readiness") rss_kb+=("$peak")
  rm -rf "$data"
done

summary="$(date -u +%FT%TZ) $(basename "$JAR") runs=$RUNS JAVA_OPTS='$JAVA_OPTS' cpus=$(nproc):"
summary+=" login median $(printf '%s\n' "${ready_ms[@]}" | median) ms (runs: ${ready_ms[*]}),"
summary+=" peak RSS median $(( $(printf '%s\n' "${rss_kb[@]}" | median) / 1024 )) MB (max $(( $(printf '%s\n' "${rss_kb[@]}" | sort -n | tail -1) / 1024 )) MB)"
echo "$summary" | tee -a "$out"
