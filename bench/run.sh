#!/usr/bin/env bash
# Ghostline bench: runs every system through every scenario on this machine and writes a Markdown report.
#   bench/run.sh            full run (about 15 minutes on 2 cores, plus the build), report in bench/results/<UTC>.md
#   bench/run.sh --quick    about 4 minutes, smaller figures, report in bench/work/reports/<UTC>.md
# Options (after --quick, to override it): --pairs N --window W --signal-rate SIGNALS_PER_S --warmup S
#   --duration S --rates JOINS_PER_S[,...] --rounds N --sessions N --idle S --out DIR --skip-build --no-profile
# Needs: Java 17, Maven, node/npm (for the PeerJS server, installed into bench/.peerjs), /usr/sbin/nats-server.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
WORK="$BENCH/work"
PEERJS_VERSION="1.0.2"
ORIGIN="http://bench.test"
NATS_BIN="$(command -v nats-server 2>/dev/null || echo /usr/sbin/nats-server)"
# The signaling pod and the bare relay run with the same flags. Serial GC: on 2 cores a concurrent collector
# competes with the event loops, and it keeps the footprint per session smallest. Say so in the report.
SERVER_JVM_FLAGS=(-XX:+UseSerialGC -Xms64m -Xmx1g -XX:-UsePerfData)
GENERATOR_JVM_FLAGS=(-XX:+UseParallelGC -Xms512m -Xmx2g)
# The rate limits, raised so the bench measures the pod rather than its per-connection limit.
RAISED_LIMITS=(GHOSTLINE_SIGNALING_RATE_MESSAGES_PER_SECOND=10000000 GHOSTLINE_SIGNALING_RATE_BURST=10000000
  GHOSTLINE_SIGNALING_RATE_FLOOD_THRESHOLD=10000000 GHOSTLINE_SIGNALING_MAX_ERRORS=1000000)

# RATES: the churn's target join rates, lowest first (the JIT warms up on the gentler ones); the goal is at 1000.
MODE=full PAIRS=200 WINDOW=4 SIGNAL_RATE=10000 WARMUP=8 DURATION=25 RATES=250,500,1000 ROUNDS=4 SESSIONS=50000 IDLE=20
# Warm-up past the entry TTL (10 s), so the engine's memory of settled sessions is full and expiring when measured.
JMH_ARGS=(-f 1 -wi 4 -w 3s -i 5 -r 3s)
OUT="$BENCH/results" BUILD=yes PROFILE=yes

usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

while (($#)); do
  case "$1" in
    --quick) MODE=quick PAIRS=100 WARMUP=3 DURATION=8 RATES=1000 SESSIONS=5000 IDLE=5 OUT="$WORK/reports"
      JMH_ARGS=(-f 1 -wi 1 -w 1s -i 2 -r 2s) ;;
    --pairs) PAIRS="$2"; shift ;;
    --window) WINDOW="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --signal-rate) SIGNAL_RATE="$2"; shift ;;
    --rates) RATES="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --sessions) SESSIONS="$2"; shift ;;
    --idle) IDLE="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --skip-build) BUILD=no ;;
    --no-profile) PROFILE=no ;;
    -h|--help) usage ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

# ---------------------------------------------------------------- processes: every one started is stopped
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  rm -rf "$WORK"/*.jfr "$WORK/nats-store"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: background process, output in $WORK/logs/NAME.log, pid in $LAST_PID.
start() {
  local name="$1"; shift
  "$@" >"$WORK/logs/$name.log" 2>&1 </dev/null &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

stop_all() { cleanup; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free loopback port below the ephemeral range, so the generator's own source ports never take it.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    port_in_use "$port" || { echo "$port"; return; }
  done
}

http_ok() {
  local status
  status="$(exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" \
    && printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3 && timeout 5 head -n 1 <&3)" || return 1
  [[ "$status" == *" 200"* ]]
}

nats_ok() {
  local greeting
  greeting="$(exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" && timeout 2 head -c 5 <&3)" || return 1
  [[ "$greeting" == "INFO " ]]
}

log_has() { grep -q "$2" "$WORK/logs/$1.log" 2>/dev/null; }

# await NAME PID CHECK...: polls CHECK until it passes; fails if the process dies or 120 s pass.
await() {
  local name="$1" pid="$2" deadline=$((SECONDS + 120))
  shift 2
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/logs/$name.log" >&2; die "$name exited during startup"; }
    ((SECONDS < deadline)) || die "$name not ready after 120 s (see $WORK/logs/$name.log)"
    sleep 0.3
  done
}

# ---------------------------------------------------------------- systems
# start_ghostline PODS: nats, matchmaker and PODS signaling pods; sets GL_URLS (comma list), GL_PIDS, POD_PIDS.
start_ghostline() {
  local pods="$1" nats_port mm_port port i secret urls=() pod_pids=() health_ports=()
  secret="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  nats_port="$(free_port)"
  say "starting Ghostline with $pods pod(s)"
  # JetStream for the moderation stream, which the pods need to be ready; it lives in memory, the store
  # directory stays empty and is removed at the end.
  start nats "$NATS_BIN" -a 127.0.0.1 -p "$nats_port" -js -sd "$WORK/nats-store"
  local nats_pid=$LAST_PID
  await nats "$nats_pid" nats_ok "$nats_port"
  mm_port="$(free_port)" # its management interface: health
  start matchmaker env GHOSTLINE_CLUSTER_SECRET="$secret" GHOSTLINE_NATS_URL="nats://127.0.0.1:$nats_port" \
    QUARKUS_HTTP_PORT="$(free_port)" QUARKUS_MANAGEMENT_PORT="$mm_port" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    java "${SERVER_JVM_FLAGS[@]}" -jar "$WORK/apps/matchmaker/quarkus-run.jar"
  local mm_pid=$LAST_PID
  for i in $(seq 1 "$pods"); do
    port="$(free_port)"
    health_ports+=("$(free_port)")
    start "pod-$i" env GHOSTLINE_CLUSTER_SECRET="$secret" GHOSTLINE_NATS_URL="nats://127.0.0.1:$nats_port" \
      QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 GHOSTLINE_SIGNALING_POD_ID="bench-pod-$i" \
      QUARKUS_MANAGEMENT_PORT="${health_ports[$((i - 1))]}" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      GHOSTLINE_SIGNALING_ALLOWED_ORIGINS="$ORIGIN" "${RAISED_LIMITS[@]}" \
      java "${SERVER_JVM_FLAGS[@]}" -jar "$WORK/apps/signaling/quarkus-run.jar"
    pod_pids+=("$LAST_PID")
    urls+=("ws://127.0.0.1:$port/ws")
  done
  for i in $(seq 1 "$pods"); do
    await "pod-$i" "${pod_pids[$((i - 1))]}" http_ok "${health_ports[$((i - 1))]}" /q/health/ready
  done
  await matchmaker "$mm_pid" http_ok "$mm_port" /q/health/ready
  GL_URLS="$(IFS=,; echo "${urls[*]}")"
  POD_PIDS="$(IFS=,; echo "${pod_pids[*]}")"
  GL_PIDS="$POD_PIDS,$nats_pid,$mm_pid"
}

start_peerjs() {
  local port
  port="$(free_port)"
  # concurrent_limit raised from 5000 so the idle scenario can hold as many sessions as the others.
  start peerjs node "$BENCH/.peerjs/node_modules/.bin/peerjs" --port "$port" --host 127.0.0.1 --key peerjs --path / \
    --concurrent_limit 1000000
  PEERJS_PID=$LAST_PID
  await peerjs "$PEERJS_PID" http_ok "$port" /
  PEERJS_URL="ws://127.0.0.1:$port/peerjs"
}

start_bare() {
  local port
  port="$(free_port)"
  start bare java "${SERVER_JVM_FLAGS[@]}" -cp "$CLASSPATH" dev.ghostline.bench.BareRelay "$port"
  BARE_PID=$LAST_PID
  await bare "$BARE_PID" log_has bare "^listening"
  BARE_URL="ws://127.0.0.1:$port/relay"
}

# bench SYSTEM DIALECT SCENARIO URLS PIDS [extra args]: one generator run, its line appended to results.tsv.
bench() {
  local system="$1" dialect="$2" scenario="$3" urls="$4" pids="$5" log
  shift 5
  log="$WORK/logs/generator-$system-$scenario${BENCH_RATE:+-$BENCH_RATE}.log"
  say "$system: $scenario${BENCH_RATE:+ at $BENCH_RATE joins/s}"
  java "${GENERATOR_JVM_FLAGS[@]}" -cp "$CLASSPATH" dev.ghostline.bench.BenchMain --system "$system" \
    --dialect "$dialect" --scenario "$scenario" --url "$urls" --server-pid "$pids" --origin "$ORIGIN" \
    --pairs "$PAIRS" --window "$WINDOW" --signal-rate "$SIGNAL_RATE" --warmup "$WARMUP" --duration "$DURATION" \
    --rate "${BENCH_RATE:-1000}" --rounds "$ROUNDS" --sessions "$SESSIONS" --idle "$IDLE" \
    --results "$WORK/results.tsv" "$@" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; say "$system $scenario failed"; }
}

# churn SYSTEM URLS PIDS: the churn at every rate in RATES, on the same servers.
churn() {
  local rate
  for rate in ${RATES//,/ }; do
    BENCH_RATE="$rate" bench "$1" ghostline churn "$2" "$3"
  done
}

# ---------------------------------------------------------------- preparation
prepare() {
  rm -rf "$WORK/logs" "$WORK/results.tsv" "$WORK/profile.md" "$WORK/jmh.csv"
  mkdir -p "$WORK/logs" "$OUT"
  [[ -x "$NATS_BIN" ]] || die "nats-server is missing (apt-get install nats-server)"
  command -v npm >/dev/null || die "node and npm are needed for the PeerJS server (apt-get install nodejs npm)"
  if [[ ! -x "$BENCH/.peerjs/node_modules/.bin/peerjs" ]] \
      || ! grep -q "\"version\": \"$PEERJS_VERSION\"" "$BENCH/.peerjs/node_modules/peer/package.json"; then
    say "installing peer@$PEERJS_VERSION into bench/.peerjs"
    npm install --silent --no-audit --no-fund --prefix "$BENCH/.peerjs" "peer@$PEERJS_VERSION" >&2
  fi
  if [[ "$BUILD" == yes ]]; then
    say "building the services and the bench"
    # install, not package: the bench module resolves the matchmaker's engine classes from the local repository.
    local build=(install -pl signaling-service,matchmaker-service -am -DskipTests)
    # Offline first, quietly: its complaints about an artefact not cached yet say nothing the online retry won't.
    (cd "$ROOT" && { mvn -B -q -o "${build[@]}" >/dev/null 2>&1 || mvn -B -q "${build[@]}"; } \
      && { mvn -B -q -o -f bench/pom.xml package -DskipTests >/dev/null 2>&1 \
        || mvn -B -q -f bench/pom.xml package -DskipTests; })
  fi
  # Run from a copy of each service's quarkus-app, so a rebuild of the tree during the run cannot pull jars
  # from under a running service.
  rm -rf "$WORK/apps" && mkdir -p "$WORK/apps"
  cp -r "$ROOT/signaling-service/target/quarkus-app" "$WORK/apps/signaling"
  cp -r "$ROOT/matchmaker-service/target/quarkus-app" "$WORK/apps/matchmaker"
  cp -r "$ROOT/matchmaker-service/target/classes" "$WORK/apps/engine-classes"
  # The freshly built engine classes come first, so JMH measures the tree, not an older installed jar.
  CLASSPATH="$BENCH/target/classes:$WORK/apps/engine-classes:$(ls "$BENCH"/target/lib/*.jar | tr '\n' ':')"
  # Each connection is a file descriptor on both sides: raise the soft limit to the hard one, and hold no
  # more sessions than it allows (minus a margin for everything else the processes open).
  ulimit -n "$(ulimit -Hn)"
  local fd_limit
  fd_limit="$(ulimit -n)"
  if [[ "$fd_limit" != unlimited ]] && ((SESSIONS > fd_limit - 1500)); then
    say "open-file limit is $fd_limit (hard): idle sessions capped at $((fd_limit - 1500)) instead of $SESSIONS"
    SESSIONS_ASKED="$SESSIONS"
    SESSIONS=$((fd_limit - 1500))
  fi
}

machine_facts() {
  {
    echo "cores=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "kernel=$(uname -sr)"
    echo "jdk=$(java -version 2>&1 | head -n 1)"
    echo "nats_server=$("$NATS_BIN" --version 2>&1 | head -n 1)"
    echo "node=$(node --version)"
    echo "peer=$PEERJS_VERSION"
    echo "quarkus=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' "$ROOT/pom.xml")"
    echo "vertx=$(ls "$BENCH"/target/lib | sed -n 's/^vertx-core-\(.*\)\.jar$/\1/p')"
    echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "open_files=$(ulimit -n)"
    echo "loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$WORK/machine.properties"
  {
    echo "mode=$MODE"
    echo "relay=$PAIRS pairs, window $WINDOW signals in flight per side, 1 SDP (4 KiB) per 5 candidates (200 B), warm-up ${WARMUP} s, measured ${DURATION} s"
    echo "paced_relay=$PAIRS pairs sending $SIGNAL_RATE signals/s together on a fixed schedule (open loop, latency from the intended send time), same payloads, warm-up ${WARMUP} s, measured ${DURATION} s"
    echo "churn=target ${RATES//,/, } joins/s in turn on the same servers, $ROUNDS matches per client, shared lobby with a common interest, warm-up ${WARMUP} s, measured ${DURATION} s each"
    echo "idle=$SESSIONS sessions${SESSIONS_ASKED:+ (asked $SESSIONS_ASKED; capped by the open-file limit)} on a freshly started server, idle ${IDLE} s"
    echo "server_jvm=${SERVER_JVM_FLAGS[*]}"
    echo "generator_jvm=${GENERATOR_JVM_FLAGS[*]}, one event loop per core, same machine as the servers"
    echo "limits=${RAISED_LIMITS[*]}"
    echo "peerjs=--concurrent_limit 1000000, clients send HEARTBEAT every 25 s in idle"
    echo "jmh=${JMH_ARGS[*]}"
  } >"$WORK/params.properties"
}

# ---------------------------------------------------------------- the run
# Idle runs on a freshly started server: after relay or churn the heap has grown, and sessions would fill
# memory that is already resident, hiding their cost.
run_ghostline_one_pod() {
  start_ghostline 1
  local pod_pid="${POD_PIDS%%,*}"
  bench ghostline-1pod ghostline relay "$GL_URLS" "$GL_PIDS"
  if [[ "$PROFILE" == yes ]]; then
    profile_relay "$pod_pid"
  fi
  bench ghostline-1pod ghostline paced "$GL_URLS" "$GL_PIDS"
  churn ghostline-1pod "$GL_URLS" "$GL_PIDS"
  stop_all
  start_ghostline 1
  pod_pid="${POD_PIDS%%,*}"
  bench ghostline-1pod ghostline idle "$GL_URLS" "$pod_pid" --class-histogram "$WORK/histogram.md"
  [[ -s "$WORK/histogram.md" ]] && { printf '\n### Heap per idle session (signaling pod)\n\n'; cat "$WORK/histogram.md"; } >>"$WORK/profile.md"
  stop_all
}

# A separate relay run with JFR on the pod over its measured part (the generator starts the recording), so
# the profiler's overhead stays out of the figures in the table; its own figures are not reported.
profile_relay() {
  local pod_pid="$1"
  say "ghostline-1pod: relay under JFR (profile only)"
  java "${GENERATOR_JVM_FLAGS[@]}" -cp "$CLASSPATH" dev.ghostline.bench.BenchMain --system profiled \
    --dialect ghostline --scenario relay --url "$GL_URLS" --server-pid "$pod_pid" --origin "$ORIGIN" \
    --pairs "$PAIRS" --window "$WINDOW" --warmup "$WARMUP" --duration "$((DURATION < 20 ? DURATION : 20))" \
    --jfr "$WORK/relay.jfr" >"$WORK/logs/generator-profile.log" 2>&1 || say "profiling run failed"
  for _ in $(seq 1 30); do [[ -s "$WORK/relay.jfr" ]] && break; sleep 1; done
  [[ -s "$WORK/relay.jfr" ]] && java -cp "$CLASSPATH" dev.ghostline.bench.JfrSummary "$WORK/relay.jfr" >>"$WORK/profile.md"
  rm -f "$WORK/relay.jfr"
}

run_ghostline_two_pods() {
  start_ghostline 2
  bench ghostline-2pods ghostline relay "$GL_URLS" "$GL_PIDS"
  bench ghostline-2pods ghostline paced "$GL_URLS" "$GL_PIDS"
  churn ghostline-2pods "$GL_URLS" "$GL_PIDS"
  stop_all
}

run_peerjs() {
  start_peerjs
  bench peerjs peerjs relay "$PEERJS_URL" "$PEERJS_PID"
  bench peerjs peerjs paced "$PEERJS_URL" "$PEERJS_PID"
  stop_all
  start_peerjs
  bench peerjs peerjs idle "$PEERJS_URL" "$PEERJS_PID" --jvm-server false
  stop_all
}

run_bare() {
  start_bare
  bench bare-relay bare relay "$BARE_URL" "$BARE_PID"
  bench bare-relay bare paced "$BARE_URL" "$BARE_PID"
  stop_all
  start_bare
  bench bare-relay bare idle "$BARE_URL" "$BARE_PID"
  stop_all
}

run_jmh() {
  say "matching engine (JMH)"
  java -cp "$CLASSPATH" org.openjdk.jmh.Main "dev.ghostline.bench.jmh.MatchingEngineBench" "${JMH_ARGS[@]}" \
    -rf csv -rff "$WORK/jmh.csv" >"$WORK/logs/jmh.log" 2>&1 || { tail -n 20 "$WORK/logs/jmh.log" >&2; say "JMH failed"; }
}

prepare
machine_facts
run_ghostline_one_pod
run_ghostline_two_pods
run_peerjs
run_bare
run_jmh
echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/machine.properties"
REPORT="$OUT/$(date -u +%Y-%m-%dT%H%M%SZ).md"
java -cp "$CLASSPATH" dev.ghostline.bench.ReportMain --results "$WORK/results.tsv" --machine "$WORK/machine.properties" \
  --params "$WORK/params.properties" --jmh "$WORK/jmh.csv" --profile "$WORK/profile.md" \
  --findings "$BENCH/FINDINGS.md" --out "$REPORT"
say "report: $REPORT"
