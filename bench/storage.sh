#!/usr/bin/env bash
# The storage engine benchmark (issue: foundation): append and sequential-read throughput of
# PartitionLog against plain FileChannel I/O of the same bytes, in one JMH run. Not part of the tests.
#   bench/storage.sh [measurement-iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench -pl bench -am package -DskipTests
mkdir -p bench/target
java -Dbench.dir=bench/target -cp bench/target/benchmarks.jar io.runnel.bench.storage.StorageBench "${1:-5}" \
  | tee bench/target/storage.txt | grep -vE '^(# |Iteration|$)' | tail -n 25
