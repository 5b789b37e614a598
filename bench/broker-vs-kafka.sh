#!/usr/bin/env bash
# Runnel's log-server against Apache Kafka 4.4.0 on this machine, measured with Kafka's own tools
# (the broker issue's benchmark; not part of the test run).
#
# What it does: starts one broker at a time on loopback - Kafka 4.4.0 in KRaft combined mode
# (127.0.0.1:19092, controller 127.0.0.1:19093), then Runnel's `runnel server` (127.0.0.1:9092; built
# by bin/runnel first, then run from a frozen copy of its jars so every round measures one build) - both
# with the same JVM options (-Xms/-Xmx = --heap, G1), each on a fresh temporary data directory, and
# runs against each:
#   1. TopicCommand: create a topic of --partitions partitions (and a 1-partition latency topic);
#   2. ProducerPerformance: --records records of --record-size bytes, acks=all, linger.ms=5,
#      batch.size=65536, unthrottled;
#   3. ConsumerPerformance: read those records back in a consumer group;
#   4. EndToEndLatency: --latency-messages messages of --record-size bytes, acks=all, one at a time;
# while sampling the broker JVM's heap with jstat every second. It does this --rounds times
# (default 3), alternating Kafka and Runnel, and reports each figure's median over the rounds (the
# heap rows: the largest round), so one round disturbed by other work on the machine does not decide.
#
# How to read the table (also written to bench/target/broker-vs-kafka.txt): each row shows Kafka's
# figure, Runnel's, and Runnel/Kafka. Throughput rows aim at ratio >= 1.0, latency rows at
# ratio <= 1.0; the heap rows judge Runnel's absolute heap, which should stay under 1 GiB. "heap used"
# is what the collector had not yet reclaimed (it follows -Xmx more than the live data); "live after
# full GC" is what the broker really retains. The consume row "incl. group join" also pays for the
# broker's first group coordinator set-up (Kafka creates __consumer_offsets then); the "fetch" row
# leaves the join out. A phase that failed shows FAILED, with the reason and the log to read under
# the table. End-to-end percentiles are whole milliseconds, as EndToEndLatency prints them. The
# brokers share the machine's cores with the tools (and with anything else running): on a busy
# 2-core machine single rounds of Kafka moved by up to 2x, hence the rounds; the per-round values
# are listed under the table.
#
# Replicated mode (--replication 3; issue 8's benchmark): three nodes of each instead of one, one
# cluster at a time - Kafka 4.4.0 as three KRaft combined broker+controller nodes with a static quorum
# (clients 127.0.0.1:19092/19094/19096, controllers :19093/:19095/:19097; kafka-reference/
# cluster-node.properties.template), then three `runnel server` nodes (clients 127.0.0.1:9092/9094/9096,
# controller.quorum.voters 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097) - each node with the JVM options above (so 3 x --heap per cluster). The
# topic has replication factor 3 and min.insync.replicas=2, and the script waits until no partition is
# under-replicated before producing. Only the produce phase runs (ProducerPerformance as in 2., acks=all
# waits for the ISR); the table (bench/target/broker-vs-kafka-rf3.txt) has the produce rows, the
# bytes of the topic's .log files on all three nodes together (about 3x one copy when replication
# worked) and the CPU time of the three nodes together.
#
# Usage: bench/broker-vs-kafka.sh [--records N] [--record-size B] [--partitions P]
#                                 [--latency-messages N] [--heap SIZE] [--rounds N] [--only kafka|runnel]
#                                 [--replication 1|3]
#   e.g. bench/broker-vs-kafka.sh --records 200000 --latency-messages 2000 --rounds 1   (a quick run)
#        bench/broker-vs-kafka.sh --replication 3 --records 500000 --rounds 1          (replicated)
# The default run (2M records, 3 rounds) takes about 5-8 minutes on 2 cores.
# Exit status: 0 when every phase ran on both brokers (whatever the ratios), 2 when a phase failed
# (the table is written anyway), 1 when the benchmark could not start.
# Logs of the brokers and tools: bench/target/broker-vs-kafka/. Kafka's jars: bench/target/kafka-lib
# (fetched from Maven Central by bench/kafka-reference/pom.xml). The script stops every process it
# started when it exits, however it exits, and touches no other process.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo" || exit 1

records=2000000
record_size=1024
partitions=4
latency_messages=10000
heap=1g
rounds=3
only=both
replication=1

usage() { sed -n '/^# Usage:/,/^# (the table is written/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="${2:?"$1 needs a value"}"; shift 2 ;;
    --record-size) record_size="${2:?"$1 needs a value"}"; shift 2 ;;
    --partitions) partitions="${2:?"$1 needs a value"}"; shift 2 ;;
    --latency-messages) latency_messages="${2:?"$1 needs a value"}"; shift 2 ;;
    --heap) heap="${2:?"$1 needs a value"}"; shift 2 ;;
    --rounds) rounds="${2:?"$1 needs a value"}"; shift 2 ;;
    --only) only="${2:?"$1 needs a value"}"; shift 2 ;;
    --replication) replication="${2:?"$1 needs a value"}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "broker-vs-kafka: unknown option '$1'" >&2; usage >&2; exit 1 ;;
  esac
done
for n in "$records" "$record_size" "$partitions" "$latency_messages" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "broker-vs-kafka: '$n' is not a positive whole number" >&2; exit 1; }
done
case "$only" in both|kafka|runnel) ;; *) echo "broker-vs-kafka: --only takes kafka or runnel" >&2; exit 1 ;; esac
case "$replication" in 1|3) ;; *) echo "broker-vs-kafka: --replication takes 1 (one broker) or 3 (three nodes), not '$replication'" >&2; exit 1 ;; esac

kafka_version=4.4.0
ref="$repo/bench/kafka-reference"
lib="$repo/bench/target/kafka-lib"
logs="$repo/bench/target/broker-vs-kafka"
table_file="$repo/bench/target/broker-vs-kafka.txt"
[ "$replication" = 3 ] && table_file="$repo/bench/target/broker-vs-kafka-rf3.txt"
perf_topic=bench-perf
latency_topic=bench-latency
# Kafka's own start script uses these G1 settings; both brokers get exactly the same options.
server_jvm_opts="-Xms$heap -Xmx$heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true"
tool_jvm_opts="-Xmx1g -Dlog4j2.configurationFile=$ref/tools-log4j2.properties"
# Per-phase limits, so a stuck broker cannot hold the run past ~15 minutes.
produce_timeout=360
consume_timeout=180
latency_timeout=180

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Processes this script started, stopped on exit whatever happens.
server_pid=""
cluster_pids=()
sampler_pid=""
tool_pid=""
work=""

stop_pid() { # pid [grace seconds]: TERM, wait, then KILL; only for pids this script started
  local pid="$1" grace="${2:-30}" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop in ${grace}s; killing it"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  stop_pid "$tool_pid" 10; tool_pid=""
  stop_pid "$sampler_pid" 5; sampler_pid=""
  stop_pid "$server_pid" 30; server_pid=""
  stop_cluster
  [ -n "$work" ] && rm -rf "$work"
}

stop_cluster() { # the nodes of --replication 3: TERM to all at once (none waits for the others), then wait
  local pid
  for pid in "${cluster_pids[@]+"${cluster_pids[@]}"}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${cluster_pids[@]+"${cluster_pids[@]}"}"; do stop_pid "$pid" 30; done
  cluster_pids=()
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Results: res[<broker>.<figure>] = the figure's values, one per round, space-separated;
# err[<broker>.<phase>] = why the phase first failed, err_rounds[<broker>.<phase>] = in which rounds.
declare -A res=()
declare -A err=()
declare -A err_rounds=()
round=0

put() { # broker figure value (an empty value is no result)
  [ -n "$3" ] && res["$1.$2"]="${res[$1.$2]:+${res[$1.$2]} }$3"
  return 0
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_line() { # pid file pattern seconds
  local pid="$1" file="$2" pattern="$3" secs="$4" i
  for ((i = 0; i < secs * 5; i++)); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

run_tool() { # tag phase seconds main-class args...: runs a Kafka tool, output to $logs/<tag>-<phase>.{out,err}
  local broker="$1" phase="$2" secs="$3" rc
  shift 3
  # In the background and waited for, so an interrupt reaches the trap at once.
  timeout --kill-after=10 "$secs" java $tool_jvm_opts -cp "$lib/*" "$@" \
    >"$logs/$broker-$phase.out" 2>"$logs/$broker-$phase.err" &
  tool_pid=$!
  wait "$tool_pid"; rc=$?
  tool_pid=""
  [ "$rc" -eq 124 ] && echo "timed out after ${secs}s" >>"$logs/$broker-$phase.err"
  return "$rc"
}

fail_phase() { # broker phase reason
  [ -n "${err[$1.$2]:-}" ] || err["$1.$2"]="$3"
  err_rounds["$1.$2"]="${err_rounds[$1.$2]:+${err_rounds[$1.$2]} }$round"
  say "$1: $2 FAILED: $3"
}

broker_alive() { [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; }

heap_used_mib() { # pid: S0U+S1U+EU+OU from one jstat sample, in MiB
  jstat -gc "$1" 2>/dev/null | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 { printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }'
}

max_sampled_heap_mib() { # jstat -gc -t output file
  awk '
    /EU/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 ~ /^[0-9.]+$/ && ("OU" in col) {
      u = ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024; if (u > m) m = u }
    END { if (m > 0) printf "%.0f", m }' "$1"
}

cpu_seconds() { # pid: user+system CPU time of the process so far
  local ticks; ticks=$(getconf CLK_TCK)
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Preparation: Kafka's jars, Runnel's build, a scratch directory.
mkdir -p "$logs"
rm -f "$logs"/*.out "$logs"/*.err "$logs"/*.log "$logs"/*.jstat "$logs"/*.properties

if [ ! -f "$lib/kafka_2.13-$kafka_version.jar" ] || [ ! -f "$lib/kafka-tools-$kafka_version.jar" ] \
    || [ "$ref/pom.xml" -nt "$lib" ]; then
  say "fetching Apache Kafka $kafka_version jars into bench/target/kafka-lib (Maven)"
  rm -rf "$lib"
  mvn -q -B -f "$ref/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >"$logs/kafka-lib-fetch.log" 2>&1 \
    || { cat "$logs/kafka-lib-fetch.log" >&2; echo "broker-vs-kafka: could not fetch Kafka's jars" >&2; exit 1; }
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/broker-vs-kafka.XXXXXX")"
runnel_jars="$work/runnel-jars"

if [ "$only" != kafka ]; then
  # bin/runnel builds when sources are newer than its jar; do it now, then freeze a copy of the jars
  # it runs (cli/target/runnel-cli.jar and cli/target/lib) and start every round's server from that
  # copy with bin/runnel's own command line. So all rounds measure one build, and neither a rebuild
  # (bin/runnel's, when someone edits a source meanwhile) nor someone's `mvn package` or a failing
  # mid-edit build lands inside a measurement. Others may be mid-edit now: retry a minute apart.
  for attempt in 1 2 3 4 5; do
    if bin/runnel version >"$logs/runnel-build.log" 2>&1 && mkdir -p "$runnel_jars" \
        && cp cli/target/runnel-cli.jar "$runnel_jars/" && cp -r cli/target/lib "$runnel_jars/lib"; then
      break
    fi
    if [ "$attempt" -eq 5 ]; then
      cat "$logs/runnel-build.log" >&2
      echo "broker-vs-kafka: Runnel does not build; see $logs/runnel-build.log" >&2
      exit 1
    fi
    say "Runnel's build failed (attempt $attempt of 5); retrying in 60s"
    rm -rf "$runnel_jars"
    sleep 60
  done
  say "runnel: built; $(grep -o 'runnel [^ ]*' "$logs/runnel-build.log" | tail -n 1) frozen for this run"
fi

# ---------------------------------------------------------------------------------------------
# start_<broker>: starts it in the background, sets server_pid, waits until it serves; on failure
# sets start_error and returns 1.
start_error=""

start_kafka() { # tag
  local tag="$1" data="$work/kafka-data" props="$logs/kafka-server.properties" cluster_id
  mkdir -p "$data"
  sed "s|@DATA_DIR@|$data|" "$ref/server.properties.template" >"$props"
  cluster_id="$(java $tool_jvm_opts -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>>"$logs/$tag-format.log" | tail -n 1)"
  java $tool_jvm_opts -cp "$lib/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$props" \
    >>"$logs/$tag-format.log" 2>&1 || { start_error="storage format failed; see $logs/$tag-format.log"; return 1; }
  java $server_jvm_opts -Dlog4j2.configurationFile="$ref/broker-log4j2.properties" \
    -Dbench.log.file="$logs/$tag-server.log" -cp "$lib/*" kafka.Kafka "$props" \
    >"$logs/$tag-server.out" 2>"$logs/$tag-server.err" &
  server_pid=$!
  wait_for_line "$server_pid" "$logs/$tag-server.log" "Kafka Server started" 120 \
    || { start_error="Kafka did not start; see $logs/$tag-server.log and $tag-server.err"; return 1; }
}

start_runnel() { # tag
  local tag="$1" data="$work/runnel-data"
  mkdir -p "$data"
  # What `RUNNEL_JAVA_OPTS=... bin/runnel server ...` runs once built, from the frozen jars (see the
  # preparation step). The initial rebalance delay matches the Kafka broker's setting (see
  # server.properties.template).
  java $server_jvm_opts -cp "$runnel_jars/runnel-cli.jar:$runnel_jars/lib/*" io.runnel.cli.Main server \
    --override listeners=PLAINTEXT://127.0.0.1:9092 --override log.dirs="$data" \
    --override group.initial.rebalance.delay.ms=0 \
    >"$logs/$tag-server.out" 2>"$logs/$tag-server.err" &
  server_pid=$!
  wait_for_line "$server_pid" "$logs/$tag-server.out" "runnel server started on" 120 \
    || { start_error="Runnel did not start; see $logs/$tag-server.err"; return 1; }
}

# ---------------------------------------------------------------------------------------------
bench_broker() { # broker bootstrap; one round against one broker
  local b="$1" bootstrap="$2" port line tag="$1-r$round" produced=0
  port="${bootstrap##*:}"
  if port_in_use "$port" || { [ "$b" = kafka ] && port_in_use 19093; }; then
    fail_phase "$b" start "port $port (or 19093) is already in use by another process"
    return
  fi
  say "$b: round $round of $rounds: starting the broker (JVM: $server_jvm_opts)"
  start_error=""
  if ! "start_$b" "$tag"; then
    fail_phase "$b" start "$start_error"
    stop_pid "$server_pid" 30; server_pid=""
    return
  fi
  say "$b: started, pid $server_pid"
  jstat -gc -t "$server_pid" 1000 >"$logs/$tag-heap.jstat" 2>&1 &
  sampler_pid=$!

  # 1. Topics.
  local topics_ok=1
  if ! run_tool "$tag" create-topic 60 org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
      --create --topic "$perf_topic" --partitions "$partitions" --replication-factor 1; then
    topics_ok=0
    fail_phase "$b" produce "TopicCommand --create $perf_topic failed: $(tail -n 3 "$logs/$tag-create-topic.err" | tr '\n' ' ')"
    fail_phase "$b" consume "no topic to read"
  fi
  run_tool "$tag" create-latency-topic 60 org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
      --create --topic "$latency_topic" --partitions 1 --replication-factor 1 \
    || say "$b: could not create $latency_topic; EndToEndLatency will try to create it itself"

  # 2. Produce.
  if [ "$topics_ok" = 1 ]; then
    say "$b: ProducerPerformance, $records records of $record_size bytes"
    run_tool "$tag" produce "$produce_timeout" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$bootstrap" \
      --topic "$perf_topic" --num-records "$records" --record-size "$record_size" --throughput -1 \
      --command-property acks=all linger.ms=5 batch.size=65536
    put "$b" heap_end_produce "$(heap_used_mib "$server_pid")"
    # A sanity check that both brokers stored the same thing: the bytes of the topic's .log files.
    put "$b" log_mib "$(find "$work/$b-data" -path "*$perf_topic*" -name '*.log' -printf '%s\n' 2>/dev/null \
      | awk '{ s += $1 } END { if (s > 0) printf "%.0f", s / 1048576 }')"
    # "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, a ms 50th, b ms 95th, c ms 99th, d ms 99.9th."
    line="$(grep 'records sent' "$logs/$tag-produce.out" | tail -n 1)"
    if [[ "$line" =~ ^([0-9]+)\ records\ sent,\ ([0-9.]+)\ records/sec\ \(([0-9.]+)\ MB/sec\),\ ([0-9.]+)\ ms\ avg\ latency,.*\ ([0-9.]+)\ ms\ 99th ]]; then
      if [ "${BASH_REMATCH[1]}" = "$records" ]; then
        produced=1
        put "$b" produce_rps "${BASH_REMATCH[2]}"
        put "$b" produce_mbps "${BASH_REMATCH[3]}"
        put "$b" produce_avg_ms "${BASH_REMATCH[4]}"
        put "$b" produce_p99_ms "${BASH_REMATCH[5]}"
        say "$b: $line"
      else
        fail_phase "$b" produce "only ${BASH_REMATCH[1]} of $records records acknowledged; see $logs/$tag-produce.err"
      fi
    else
      fail_phase "$b" produce "no result line; $(tail -n 2 "$logs/$tag-produce.err" | tr '\n' ' ') (see $logs/$tag-produce.err)"
    fi
  fi

  # 3. Consume.
  if [ "$topics_ok" = 1 ]; then
    if ! broker_alive; then
      fail_phase "$b" consume "the broker process is gone"
    elif [ "$produced" = 0 ]; then
      fail_phase "$b" consume "skipped: the produce phase failed"
    else
      say "$b: ConsumerPerformance, $records records"
      run_tool "$tag" consume "$consume_timeout" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" \
        --topic "$perf_topic" --num-records "$records" --group "bench-consumer-$$" --timeout 30000
      # Header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
      # rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", then one line of values.
      local parsed
      parsed="$(awk -F', *' '
        /^start.time/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
        ("nMsg.sec" in col) && NF >= 10 { print $col["data.consumed.in.nMsg"], $col["MB.sec"], $col["nMsg.sec"], $col["rebalance.time.ms"], $col["fetch.MB.sec"], $col["fetch.nMsg.sec"]; exit }
        ' "$logs/$tag-consume.out")"
      if [ -z "$parsed" ]; then
        fail_phase "$b" consume "no result line; $(grep -v '^\s' "$logs/$tag-consume.err" | tail -n 2 | tr '\n' ' ') (see $logs/$tag-consume.err)"
      else
        local n mbps rps rebalance fmbps frps
        read -r n mbps rps rebalance fmbps frps <<<"$parsed"
        if [ "$n" != "$records" ]; then
          fail_phase "$b" consume "read $n of $records records; $(grep -v '^\s' "$logs/$tag-consume.err" | tail -n 2 | tr '\n' ' ') (see $logs/$tag-consume.err)"
        else
          put "$b" consume_mbps "$mbps"; put "$b" consume_rps "$rps"; put "$b" consume_rebalance_ms "$rebalance"
          put "$b" consume_fetch_mbps "$fmbps"; put "$b" consume_fetch_rps "$frps"
          say "$b: consumed $n records, $mbps MB/s ($fmbps MB/s fetching), group join ${rebalance} ms"
        fi
      fi
    fi
  fi

  # 4. End-to-end latency.
  if ! broker_alive; then
    fail_phase "$b" latency "the broker process is gone"
  else
    say "$b: EndToEndLatency, $latency_messages messages of $record_size bytes"
    run_tool "$tag" latency "$latency_timeout" org.apache.kafka.tools.EndToEndLatency \
      --bootstrap-server "$bootstrap" --topic "$latency_topic" --num-records "$latency_messages" \
      --producer-acks all --record-size "$record_size"
    local avg p99
    avg="$(sed -n 's/^Avg latency: \([0-9.]*\) ms.*/\1/p' "$logs/$tag-latency.out" | tail -n 1)"
    p99="$(sed -n 's/^Percentiles: .*99th = \([0-9.]*\),.*/\1/p' "$logs/$tag-latency.out" | tail -n 1)"
    if [ -n "$avg" ] && [ -n "$p99" ]; then
      put "$b" latency_avg_ms "$avg"; put "$b" latency_p99_ms "$p99"
      say "$b: end-to-end avg $avg ms, p99 $p99 ms"
    else
      fail_phase "$b" latency "no result line; $(grep -v '^\s' "$logs/$tag-latency.err" | tail -n 2 | tr '\n' ' ') (see $logs/$tag-latency.err)"
    fi
  fi

  # 5. Heap and CPU, then stop.
  stop_pid "$sampler_pid" 5; sampler_pid=""
  put "$b" heap_max "$(max_sampled_heap_mib "$logs/$tag-heap.jstat")"
  if broker_alive; then
    put "$b" cpu_s "$(cpu_seconds "$server_pid")"
    jcmd "$server_pid" GC.run >/dev/null 2>&1 && put "$b" heap_live "$(heap_used_mib "$server_pid")"
  else
    fail_phase "$b" alive "the broker process died during the round; see $logs/$tag-server.err"
  fi
  say "$b: stopping the broker"
  stop_pid "$server_pid" 30; server_pid=""
  rm -rf "$work/$b-data"
}


# ---------------------------------------------------------------------------------------------
# --replication 3: three nodes of each, produce only.
cluster_ports=(19092 19094 19096) # Kafka's client ports; controllers on the next port up
runnel_ports=(9092 9094 9096)     # Runnel's client ports; quorum ports likewise

start_kafka_cluster() { # tag
  local tag="$1" id port data props cluster_id
  cluster_id="$(java $tool_jvm_opts -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>>"$logs/$tag-format.log" | tail -n 1)"
  for id in 1 2 3; do
    port="${cluster_ports[$((id - 1))]}"
    data="$work/kafka-data/node-$id"
    props="$logs/kafka-node-$id.properties"
    mkdir -p "$data"
    sed -e "s|@DATA_DIR@|$data|" -e "s|@NODE_ID@|$id|" -e "s|@PORT@|$port|" -e "s|@CONTROLLER_PORT@|$((port + 1))|" \
      "$ref/cluster-node.properties.template" >"$props"
    java $tool_jvm_opts -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" \
      >>"$logs/$tag-format.log" 2>&1 || { start_error="storage format of node $id failed; see $logs/$tag-format.log"; return 1; }
  done
  for id in 1 2 3; do
    java $server_jvm_opts -Dlog4j2.configurationFile="$ref/broker-log4j2.properties" \
      -Dbench.log.file="$logs/$tag-node-$id-server.log" -cp "$lib/*" kafka.Kafka "$logs/kafka-node-$id.properties" \
      >"$logs/$tag-node-$id-server.out" 2>"$logs/$tag-node-$id-server.err" &
    cluster_pids+=($!)
  done
  for id in 1 2 3; do
    wait_for_line "${cluster_pids[$((id - 1))]}" "$logs/$tag-node-$id-server.log" "Kafka Server started" 120 \
      || { start_error="Kafka node $id did not start; see $logs/$tag-node-$id-server.log and .err"; return 1; }
  done
}

start_runnel_cluster() { # tag
  local tag="$1" id port voters="1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097"
  for id in 1 2 3; do
    port="${runnel_ports[$((id - 1))]}"
    mkdir -p "$work/runnel-data/node-$id"
    # Each node waits for a majority of the voters before it serves: start all three, then wait.
    java $server_jvm_opts -cp "$runnel_jars/runnel-cli.jar:$runnel_jars/lib/*" io.runnel.cli.Main server \
      --override node.id="$id" --override listeners="PLAINTEXT://127.0.0.1:$port" \
      --override controller.quorum.voters="$voters" --override log.dirs="$work/runnel-data/node-$id" \
      --override default.replication.factor=3 --override group.initial.rebalance.delay.ms=0 \
      >"$logs/$tag-node-$id-server.out" 2>"$logs/$tag-node-$id-server.err" &
    cluster_pids+=($!)
  done
  for id in 1 2 3; do
    wait_for_line "${cluster_pids[$((id - 1))]}" "$logs/$tag-node-$id-server.out" "runnel server started on" 120 \
      || { start_error="Runnel node $id did not start; see $logs/$tag-node-$id-server.err"; return 1; }
  done
}

cluster_alive() { local pid; for pid in "${cluster_pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done; }

bench_cluster() { # broker; one round against a three-node cluster
  local b="$1" tag="$1-rf3-r$round" bootstrap port line i ports
  if [ "$b" = kafka ]; then ports=("${cluster_ports[@]}"); else ports=("${runnel_ports[@]}"); fi
  bootstrap="$(printf '127.0.0.1:%s,' "${ports[@]}")"; bootstrap="${bootstrap%,}"
  for port in "${ports[@]}"; do
    if port_in_use "$port" || port_in_use "$((port + 1))"; then
      fail_phase "$b" start "port $port (or $((port + 1))) is already in use by another process"
      return
    fi
  done
  say "$b: round $round of $rounds: starting 3 nodes (JVM each: $server_jvm_opts)"
  start_error=""
  if ! "start_${b}_cluster" "$tag"; then
    fail_phase "$b" start "$start_error"
    stop_cluster
    return
  fi
  say "$b: 3 nodes serve, pids ${cluster_pids[*]}"

  if ! run_tool "$tag" create-topic 60 org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
      --create --topic "$perf_topic" --partitions "$partitions" --replication-factor 3 --config min.insync.replicas=2; then
    fail_phase "$b" produce "TopicCommand --create $perf_topic (RF 3) failed: $(tail -n 3 "$logs/$tag-create-topic.err" | tr '\n' ' ')"
  else
    # Produce only once every replica is in sync, so both start from the same state.
    for ((i = 0; i < 60; i++)); do
      if run_tool "$tag" describe 30 org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
          --describe --topic "$perf_topic" --under-replicated-partitions; then
        [ -s "$logs/$tag-describe.out" ] || break
      fi
      sleep 1
    done
    [ -s "$logs/$tag-describe.out" ] && say "$b: still under-replicated after 60 s: $(head -n 2 "$logs/$tag-describe.out" | tr '\n' ' ')"
    say "$b: ProducerPerformance, $records records of $record_size bytes, RF 3, acks=all"
    run_tool "$tag" produce "$produce_timeout" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$bootstrap" \
      --topic "$perf_topic" --num-records "$records" --record-size "$record_size" --throughput -1 \
      --command-property acks=all linger.ms=5 batch.size=65536
    put "$b" log_mib "$(find "$work/$b-data" -path "*$perf_topic*" -name '*.log' -printf '%s\n' 2>/dev/null \
      | awk '{ s += $1 } END { if (s > 0) printf "%.0f", s / 1048576 }')"
    line="$(grep 'records sent' "$logs/$tag-produce.out" | tail -n 1)"
    if [[ "$line" =~ ^([0-9]+)\ records\ sent,\ ([0-9.]+)\ records/sec\ \(([0-9.]+)\ MB/sec\),\ ([0-9.]+)\ ms\ avg\ latency,.*\ ([0-9.]+)\ ms\ 99th ]]; then
      if [ "${BASH_REMATCH[1]}" = "$records" ]; then
        put "$b" produce_rps "${BASH_REMATCH[2]}"
        put "$b" produce_mbps "${BASH_REMATCH[3]}"
        put "$b" produce_avg_ms "${BASH_REMATCH[4]}"
        put "$b" produce_p99_ms "${BASH_REMATCH[5]}"
        say "$b: $line"
      else
        fail_phase "$b" produce "only ${BASH_REMATCH[1]} of $records records acknowledged; see $logs/$tag-produce.err"
      fi
    else
      fail_phase "$b" produce "no result line; $(tail -n 2 "$logs/$tag-produce.err" | tr '\n' ' ') (see $logs/$tag-produce.err)"
    fi
  fi

  if cluster_alive; then
    local total=0 pid c
    for pid in "${cluster_pids[@]}"; do
      c="$(cpu_seconds "$pid")"
      total="$(awk -v a="$total" -v b="${c:-0}" 'BEGIN { printf "%.1f", a + b }')"
    done
    put "$b" cpu_s "$total"
  else
    fail_phase "$b" alive "a node died during the round; see $logs/$tag-node-*-server.err"
  fi
  say "$b: stopping the 3 nodes"
  stop_cluster
  rm -rf "$work/$b-data"
}

for ((round = 1; round <= rounds; round++)); do
  if [ "$replication" = 3 ]; then
    [ "$only" != runnel ] && bench_cluster kafka
    [ "$only" != kafka ] && bench_cluster runnel
  else
    [ "$only" != runnel ] && bench_broker kafka 127.0.0.1:19092
    [ "$only" != kafka ] && bench_broker runnel 127.0.0.1:9092
  fi
done

# ---------------------------------------------------------------------------------------------
# The table.
num() { # value: printed with as many decimals as its size deserves
  awk -v v="$1" 'BEGIN { printf (v == int(v) || v >= 1000 ? "%.0f\n" : (v >= 100 ? "%.1f\n" : "%.2f\n")), v }'
}

aggregate() { # median|max values...
  local how="$1"; shift
  printf '%s\n' "$@" | sort -g | awk -v how="$how" '
    { v[NR] = $1 }
    END { if (NR == 0) exit; if (how == "max") print v[NR]; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

round_values() { # "v1 v2 ...": the same, each with num's decimals
  awk -v list="$1" 'BEGIN {
    n = split(list, v, " ")
    for (i = 1; i <= n; i++) {
      x = v[i]; if (x !~ /^[0-9.]+$/) s = s (i > 1 ? " " : "") x
      else s = s (i > 1 ? " " : "") sprintf(x == int(x) || x >= 1000 ? "%.0f" : (x >= 100 ? "%.1f" : "%.2f"), x)
    }
    print s }'
}

cell() { # broker key phase median|max
  local v="${res[$1.$2]:-}"
  # shellcheck disable=SC2086 # the values are a space-separated list
  [ -n "$v" ] && v="$(aggregate "$4" $v)"
  if [ -n "$v" ]; then num "$v"
  elif [ "$only" != both ] && [ "$1" != "$only" ]; then echo "-"
  elif [ -n "${err[$1.$3]:-}" ] || [ -n "${err[$1.start]:-}" ] || [ -n "${err[$1.alive]:-}" ]; then echo "FAILED"
  else echo "n/a"
  fi
}

row() { # label key phase kind(higher|lower|heap|info)
  local label="$1" key="$2" phase="$3" kind="$4" how=median k r ratio verdict
  [ "$kind" = heap ] && how=max
  k="$(cell kafka "$key" "$phase" "$how")"; r="$(cell runnel "$key" "$phase" "$how")"
  rows+=("$key|$label")
  ratio="$(awk -v k="$k" -v r="$r" 'BEGIN { if (k ~ /^[0-9.]+$/ && r ~ /^[0-9.]+$/ && k + 0 > 0) printf "%.2f", r / k; else print "-" }')"
  case "$kind" in
    higher) verdict="$(awk -v x="$ratio" 'BEGIN { if (x == "-") print "-"; else print (x >= 1.0 ? "ok (>= 1.0)" : "BELOW (>= 1.0)") }')" ;;
    lower) verdict="$(awk -v x="$ratio" 'BEGIN { if (x == "-") print "-"; else print (x <= 1.0 ? "ok (<= 1.0)" : "ABOVE (<= 1.0)") }')" ;;
    heap) verdict="$(awk -v r="$r" 'BEGIN { if (r !~ /^[0-9.]+$/) print "-"; else print (r < 1024 ? "ok (< 1024 MiB)" : "ABOVE (< 1024 MiB)") }')" ;;
    *) verdict="" ;;
  esac
  printf '%-44s %10s %10s %6s  %s\n' "$label" "$k" "$r" "$ratio" "$verdict"
}

rows=()
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -n "$(git -C "$repo" status --porcelain 2>/dev/null | head -n 1)" ] && commit="$commit+uncommitted"
{
  echo "Runnel log-server vs Apache Kafka $kafka_version, $(date -u '+%Y-%m-%d %H:%M UTC'), runnel $commit"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -n 1)"
  if [ "$replication" = 3 ]; then
  echo "clusters (one at a time, 3 nodes each on loopback; Kafka: KRaft combined broker+controller): $server_jvm_opts per node"
  echo "produce: $records records x $record_size B, topic of $partitions partitions, replication factor 3, min.insync.replicas=2,"
  echo "  acks=all linger.ms=5 batch.size=65536, unthrottled, after every replica is in sync"
  echo "rounds: $rounds, alternating the clusters; each figure is the median over the rounds"
  echo
  printf '%-44s %10s %10s %6s  %s\n' "figure" "Kafka" "Runnel" "R/K" "target"
  row "produce throughput RF 3 (records/s)" produce_rps produce higher
  row "produce throughput RF 3 (MB/s)" produce_mbps produce higher
  row "produce latency avg RF 3 (ms, producer-side)" produce_avg_ms produce lower
  row "produce latency p99 RF 3 (ms, producer-side)" produce_p99_ms produce lower
  row "topic's .log files, all 3 nodes (MiB)" log_mib produce info
  row "CPU time of the 3 nodes over the run (s)" cpu_s start info
  else
  echo "brokers (one at a time, loopback): $server_jvm_opts"
  echo "produce/consume: $records records x $record_size B, topic of $partitions partitions, acks=all linger.ms=5 batch.size=65536, unthrottled"
  echo "end-to-end: $latency_messages messages x $record_size B, acks=all, 1 partition, one in flight"
  echo "rounds: $rounds, alternating the brokers; each figure is the median over the rounds (heap rows: the largest)"
  echo
  printf '%-44s %10s %10s %6s  %s\n' "figure" "Kafka" "Runnel" "R/K" "target"
  row "produce throughput (records/s)" produce_rps produce higher
  row "produce throughput (MB/s)" produce_mbps produce higher
  row "produce latency avg (ms, producer-side)" produce_avg_ms produce lower
  row "produce latency p99 (ms, producer-side)" produce_p99_ms produce lower
  row "consume throughput (MB/s, incl. group join)" consume_mbps consume higher
  row "consume throughput (records/s, incl. join)" consume_rps consume higher
  row "consume fetch throughput (MB/s, excl. join)" consume_fetch_mbps consume higher
  row "consumer group join (ms)" consume_rebalance_ms consume info
  row "end-to-end latency p99 (ms)" latency_p99_ms latency lower
  row "end-to-end latency avg (ms)" latency_avg_ms latency lower
  row "broker heap used at end of produce (MiB)" heap_end_produce produce heap
  row "broker heap used, max of 1 s samples (MiB)" heap_max start heap
  row "broker heap live after a full GC (MiB)" heap_live latency heap
  row "broker CPU time over the run (s)" cpu_s start info
  row "topic's .log files after produce (MiB)" log_mib produce info
  fi
  if [ "$rounds" -gt 1 ]; then
    echo
    echo "per round (Kafka | Runnel):"
    for entry in "${rows[@]}"; do
      key="${entry%%|*}"
      printf '  %-44s %s | %s\n' "${entry#*|}" "$(round_values "${res[kafka.$key]:--}")" "$(round_values "${res[runnel.$key]:--}")"
    done
  fi
  if [ "${#err[@]}" -gt 0 ]; then
    echo
    echo "failures:"
    for key in $(printf '%s\n' "${!err[@]}" | sort); do
      echo "  ${key/./ } (round ${err_rounds[$key]}): ${err[$key]}"
    done
  fi
  echo
  for b in kafka runnel; do
    pattern="$b-r*-server.err"; [ "$replication" = 3 ] && pattern="$b-rf3-r*-node-*-server.err"
    compgen -G "$logs/$pattern" >/dev/null || continue
    # shellcheck disable=SC2086 # the pattern is a glob
    echo "$b server stderr, all rounds: $(cat "$logs"/$pattern | grep -c -E '\b(WARN|ERROR)\b') WARN/ERROR lines," \
      "$(cat "$logs"/$pattern | grep -c -E 'Exception|Error:|^\s+at ') exception/stack lines ($pattern)"
  done
  echo "logs: ${logs#"$repo"/}/ (broker stdout/stderr, tool output, jstat samples)"
} | tee "$table_file"

[ "${#err[@]}" -eq 0 ] || exit 2
exit 0
