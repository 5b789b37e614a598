#!/usr/bin/env bash
# Word count on Runnel's native streams runtime against the same topology on Apache Flink through
# flink-bridge (issue 9's benchmark; not part of the test run).
#
# What it does: builds bench (mvn -Pbench, shaded into bench/target/benchmarks.jar), then runs
# io.runnel.bench.streams.FlinkVsNative in one JVM: an in-process Runnel log-server on 127.0.0.1
# (ephemeral port, temporary log directory), --lines lines of --words-per-line words drawn from
# --distinct words (seeded) produced once into 'lines' (--partitions partitions), then, one after the
# other over that input: the word count (flatMapValues split -> groupBy word -> count -> toStream ->
# to) on RunnelStreams (kafka backend, one stream thread, RocksDB, changelogs, commit.interval.ms=1000)
# and the same topology on FlinkRunner (a local MiniCluster in the same JVM, --parallelism,
# default 2, checkpoints every 10 s).
#
# How it measures: from an app's start until the sum of the latest counts in its output topic
# (read by a plain consumer in the same JVM) equals the number of input words; words/s = input
# words / that time. Flink's time includes starting the MiniCluster and submitting the job; the
# native one includes the group join. The bridge forwards a changed count once per second
# (flink.emit.interval.ms=1000) where the native record cache does once per commit (1 s), so both
# write a comparable number of output records. Per-word counts are checked against the input. The table goes to stdout and bench/target/flink-vs-native.txt.
#
# Usage: bench/flink-vs-native.sh [--lines N] [--words-per-line N] [--distinct N] [--partitions N]
#          [--parallelism N] [--timeout-s S] [--heap SIZE]
# Exit status: 0 when both counted exactly, 2 when one failed or timed out, 1 when it could not build.
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
  io.runnel.bench.streams.FlinkVsNative \
  --out bench/target/flink-vs-native.txt "${args[@]+"${args[@]}"}" || status=$?
exit "$status"
