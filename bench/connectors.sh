#!/usr/bin/env bash
# Connector throughput against plain clients doing the same work (issue 6's benchmark; not part of
# the test run).
#
# What it does: builds bench (mvn -Pbench, shaded into bench/target/benchmarks.jar), then runs
# io.runnel.bench.connect.ConnectorsBench in one JVM against an in-process Runnel log-server on
# 127.0.0.1 (ephemeral port, temporary log directory) and a PostgreSQL server:
#   (a) file-source: a file of --lines lines of --line-bytes bytes (default 1M x 200 B) into a
#       one-partition topic, timed from the worker's start until the topic's end offset (every record
#       acknowledged, acks=all) reaches the line count; reference: a kafka-clients producer with the
#       same settings (acks=all, linger.ms=5) sending the same key (file path) and value (line) read
#       from the same file to another topic, timed from opening the file to the same condition.
#   (b) jdbc-sink: --rows JSON rows (default 500k; id, name, qty, price, note) produced first (not
#       timed), then written with insert.mode=insert into a PostgreSQL table, timed from the worker's
#       start until count(*) reaches the row count; reference: plain JDBC, one PreparedStatement,
#       executeBatch + commit per 500 rows, into a table of the same shape. Target: >= 0.7x. Also
#       shown: the same reference with pgjdbc's reWriteBatchedInserts=true, which jdbc-sink sets in
#       insert mode (multi-row INSERTs), so the comparison at equal driver settings is there too.
# Each of --rounds rounds (default 3) runs every side once, reference first; the table shows medians.
# Both ratios are Runnel/reference from the same run. The table goes to stdout and to
# bench/target/connectors.txt.
#
# PostgreSQL: RUNNEL_PG_URL if set; otherwise scripts/postgres.sh starts a private server (fsync=off,
# as for the tests), stopped and deleted at the end.
#
# Usage: bench/connectors.sh [--lines N] [--line-bytes N] [--rows N] [--rounds N] [--timeout-s S]
#          [--heap SIZE]
#   e.g. bench/connectors.sh --lines 100000 --rows 20000 --rounds 1   (a quick run)
# The default run takes about 2-3 minutes on 2 cores (build excluded; more when the machine is busy).
# Exit status: 0 when every run reached its count and both tables matched, 2 otherwise (the table is
# written anyway), 1 when the benchmark could not build or start.
set -euo pipefail

cd "$(dirname "$0")/.."
heap=1g
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --heap) heap="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

pg_data=""
if [ -z "${RUNNEL_PG_URL:-}" ]; then
  pg_data="$(mktemp -d /tmp/runnel-bench-pg.XXXXXX)"
  RUNNEL_PG_URL="$(RUNNEL_PG_DATA="$pg_data" scripts/postgres.sh)" || exit 1
  trap 'scripts/postgres.sh stop "$pg_data" >/dev/null 2>&1 || true; rm -rf "$pg_data"' EXIT
fi

mvn -q -B -Pbench -pl bench -am package -DskipTests || exit 1
status=0
java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -cp bench/target/benchmarks.jar \
  io.runnel.bench.connect.ConnectorsBench --pg-url "$RUNNEL_PG_URL" \
  --out bench/target/connectors.txt "${args[@]+"${args[@]}"}" || status=$?
exit "$status"
