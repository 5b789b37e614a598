#!/usr/bin/env bash
# The long chaos run of issue 8 (the short one is log-server's ChaosIT): three log-server nodes as
# separate JVMs on loopback, each client listener behind a TCP proxy, a topic of replication factor 3
# with min.insync.replicas=2 and 6 partitions, one idempotent acks=all producer per partition writing
# sequential values, and a seeded nemesis that for --minutes minutes SIGKILLs and restarts a node,
# SIGSTOPs/SIGCONTs one, or cuts one node's proxy (its client and replication traffic), one fault at a
# time with calm pauses between. Then it heals everything, waits for full ISRs, and checks every
# partition through the leaders and in every replica's files: every acknowledged value present at its
# acknowledged offset, none twice, in order, replicas identical. The same seed plays the same faults.
#
# Usage: bench/chaos.sh --minutes N [--seed S] [--partitions P] [--rate SENDS_PER_S_PER_PARTITION]
#                       [--replication-factor R] [--min-insync-replicas M] [--node-setting key=value]...
#   e.g. bench/chaos.sh --minutes 10            (a new seed, printed in the report)
#        bench/chaos.sh --minutes 1 --seed 8    (the faults ChaosIT plays)
# Prints the report (seed, faults per kind, availability = acknowledged / attempts, what the checker
# found, the verdict, the timeline of faults) and writes it to bench/target/chaos.txt. The nodes' data
# and logs stay in bench/target/chaos/ (node-<id>.log; harness.log has the producers' warnings).
# Exit status: 0 PASS, 1 FAIL (or it could not build), 2 bad arguments.
# Builds log-server's test classes offline (mvn -o -q, no install) and runs
# io.runnel.log.chaos.ChaosHarness on the test class path. Linux only (signals through kill).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo" || exit 1

minutes=""
args=()
usage() { sed -n '/^# Usage:/,/^#        bench\/chaos.sh --minutes 1/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="${2:?"$1 needs a value"}"; shift 2 ;;
    --seed|--partitions|--rate|--node-setting|--replication-factor|--min-insync-replicas) args+=("$1" "${2:?"$1 needs a value"}"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "chaos: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "chaos: --minutes N (a positive whole number) is required" >&2; usage >&2; exit 2; }

target="$repo/bench/target"
work="$target/chaos"
mkdir -p "$target"
rm -rf "$work" "$target/chaos.txt"
mkdir -p "$work"

echo "[$(date +%H:%M:%S)] building log-server's test classes (mvn -o -q)" >&2
if ! mvn -q -B -o -pl log-server test-compile >"$target/chaos-build.log" 2>&1 \
    || ! mvn -q -B -o -pl log-server dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$target/chaos-classpath.txt" >>"$target/chaos-build.log" 2>&1; then
  cat "$target/chaos-build.log" >&2
  echo "chaos: log-server does not build; see bench/target/chaos-build.log" >&2
  exit 1
fi
cp="$repo/log-server/target/test-classes:$repo/log-server/target/classes:$(cat "$target/chaos-classpath.txt")"

echo "[$(date +%H:%M:%S)] chaos run: $minutes minute(s) of faults; progress below, everything in bench/target/chaos/harness.log" >&2
java -Xmx768m -cp "$cp" io.runnel.log.chaos.ChaosHarness --minutes "$minutes" --dir "$work" \
  --out "$target/chaos.txt" "${args[@]+"${args[@]}"}" 2>&1 \
  | tee "$work/harness.log" | grep --line-buffered '^\[chaos\]' >&2
status="${PIPESTATUS[0]}"
if [ -f "$target/chaos.txt" ]; then
  cat "$target/chaos.txt"
else
  echo "chaos: the harness wrote no report (exit status $status); see bench/target/chaos/harness.log" >&2
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
