#!/usr/bin/env bash
# Time from a streams instance's restart to processing again, Runnel's streams-api against Apache
# Kafka Streams 4.4.0 (issue 5's restart benchmark; not part of the test run).
#
# What it does: builds bench (mvn -Pbench, shaded into bench/target/benchmarks.jar), then runs
# io.runnel.bench.streams.StreamsRestart in one JVM: an in-process Runnel log-server on 127.0.0.1
# (ephemeral port, temporary log directory), --keys distinct keys produced once into a topic of
# --partitions partitions, and per engine an app counting records per key (RocksDB store, changelog)
# that writes the counts of 'marker' keys to an output topic. Per engine:
#   1. load: start, process every key, close cleanly once the committed offsets reach the end;
#   2. restart with the state directory kept;
#   3. restart after deleting the state directory (full restore from the changelog).
# A restart's time runs from start() until the count of a marker record produced right after start()
# is read back from the output topic (group join, restore and first commit included). Both engines
# run with their defaults (dynamic group membership, 45 s session timeout), one stream thread,
# commit.interval.ms=1000. The table goes to stdout and bench/target/streams-restart.txt.
#
# Usage: bench/streams-restart.sh [--keys N] [--partitions N] [--timeout-s S] [--heap SIZE]
#   e.g. bench/streams-restart.sh --keys 100000   (a quick run)
# Exit status: 0 when every phase finished, 2 when one failed or timed out, 1 when it could not build.
set -euo pipefail

cd "$(dirname "$0")/.."
heap=2g
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --heap) heap="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

mvn -q -B -Pbench -pl bench -am package -DskipTests || exit 1
status=0
java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -cp bench/target/benchmarks.jar \
  io.runnel.bench.streams.StreamsRestart \
  --out bench/target/streams-restart.txt "${args[@]+"${args[@]}"}" || status=$?
exit "$status"
