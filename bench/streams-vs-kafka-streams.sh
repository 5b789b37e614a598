#!/usr/bin/env bash
# Runnel's streams-api against Apache Kafka Streams 4.4.0 (issue 5's streams benchmark; not part of
# the test run).
#
# What it does: builds bench (mvn -Pbench, shaded into bench/target/benchmarks.jar), then runs
# io.runnel.bench.streams.StreamsVsKafkaStreams in one JVM: it starts a Runnel log-server in-process
# on 127.0.0.1 (ephemeral port, temporary log directory), produces the input once with kafka-clients
# (--lines lines of --words-per-line words drawn from --distinct words, seeded; topic 'lines' with
# --partitions partitions; record timestamps 1 ms apart), then runs, one app at a time, each with its
# own application.id, state directory and output topic:
#   1. word count: flatMapValues(split) -> groupBy(word) -> count -> toStream -> to;
#   2. the same with windowedBy(1-minute tumbling windows, 10-minute grace) before count;
# once on Runnel's streams-api and once on Kafka Streams. Both: one stream thread,
# commit.interval.ms=1000, statestore.cache.max.bytes=10 MiB (Kafka Streams' default; on Runnel it
# is per store and task, on Kafka Streams shared by the thread's tasks - 10k words fit either way),
# RocksDB stores, changelogs on, at-least-once.
#
# How it measures: an app's time runs from its start() until the sum over the latest count per
# output key (read from its output topic by a plain consumer) equals the number of input words;
# words/s = input words / that time (group join, internal topic set-up and the last commit
# interval included). The table (also written to bench/target/streams-vs-kafka-streams.txt) shows
# Kafka Streams' words/s, Runnel's, and Runnel/Kafka Streams (target >= 1.0); for word count it also
# checks every word's final count against the input. Runnel runs first in each pair; the output
# reader shares the JVM and the 2 cores, so an engine that emits more records pays for reading them.
# Kafka Streams' repartition and changelog topics are created up front by the benchmark, because
# log-server refuses the message.timestamp.type config Kafka Streams sets on repartition topics.
#
# Usage: bench/streams-vs-kafka-streams.sh [--lines N] [--words-per-line N] [--distinct N]
#          [--partitions N] [--cache-bytes B] [--only wordcount|windowed] [--timeout-s S]
#          [--heap SIZE]
#   e.g. bench/streams-vs-kafka-streams.sh --lines 50000   (a quick run)
# The default run (500k lines) takes a few minutes on 2 cores.
# Exit status: 0 when every run reached the full count, 2 when one failed or timed out (the table is
# written anyway), 1 when the benchmark could not build or start.
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
  io.runnel.bench.streams.StreamsVsKafkaStreams \
  --out bench/target/streams-vs-kafka-streams.txt "${args[@]+"${args[@]}"}" || status=$?
exit "$status"
