#!/usr/bin/env bash
# The state store benchmark (issue 4): the RocksDB key-value store through its API against raw
# rocksdbjni calls with the same options, on 1M keys of 16 bytes with 100-byte values (put, get,
# range of 100), and the restore rate from a changelog of 1M records. Prints store/raw ratios.
# Not part of the tests; about 7 minutes on 2 cores (build included).
#   bench/state-store.sh            (SKIP_BUILD=1 runs the jar already in bench/target)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q -B -Pbench -pl bench -am package -DskipTests
fi
mkdir -p bench/target
out=bench/target/state-store.txt
java -Dbench.dir=bench/target -jar bench/target/benchmarks.jar 'io.runnel.bench.state.*' -foe true \
  | tee "$out" | grep -vE '^(# |Iteration|$)' | tail -n 12

# Result lines: Benchmark Mode Cnt Score Error Units, e.g.
#   StoreBenchmark.storeGet  thrpt  3  512345.678 ± 1234.567  ops/s
awk '
  $1 ~ /^StoreBenchmark\./ && ($2 == "thrpt" || $2 == "ss") {
    name = $1; sub(/^StoreBenchmark\./, "", name); score[name] = $4
  }
  END {
    print ""
    print "store / raw (target >= 0.8):"
    n = split("Put Get Range", ops, " ")
    for (i = 1; i <= n; i++) {
      s = score["store" ops[i]]; r = score["raw" ops[i]]
      if (s != "" && r != "" && r > 0) printf "  %-8s %12.0f / %12.0f ops/s = %.2f\n", ops[i], s, r, s / r
    }
    s = score["storeRestore"]; r = score["rawRestore"]
    if (s != "" && r != "" && s > 0) {
      printf "  %-8s %12.0f / %12.0f records/s = %.2f\n", "Restore", 1e6 / s, 1e6 / r, r / s
    }
  }' "$out"
