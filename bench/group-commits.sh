#!/usr/bin/env bash
# Latency of consumer offset commits (issue 8: group writes wait for the in-sync replicas of
# __consumer_offsets). Not part of the tests.
#
# What it does: builds bench (mvn -Pbench, shaded into bench/target/benchmarks.jar), then runs
# io.runnel.bench.groups.CommitLatency on in-process log-server clusters of 1 and 3 nodes on
# loopback: one kafka-clients consumer (group "bench", manual assignment) commits one offset with
# commitSync 500 times unmeasured, then N times measured, and prints the median and p99 per cluster.
# On one node the leader is the whole ISR and a commit is answered after the leader's append; on
# three, once both followers have fetched it.
#
# Usage: bench/group-commits.sh [commits]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench -pl bench -am package -DskipTests
mkdir -p bench/target
for nodes in 1 3; do
  java -cp bench/target/benchmarks.jar io.runnel.bench.groups.CommitLatency "$nodes" "${1:-2000}" 2>/dev/null \
    | grep '^nodes=' | tee -a bench/target/group-commits.txt
done
