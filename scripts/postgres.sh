#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the connectors' JDBC tests and prints its JDBC URL
# (the only line on stdout; everything else goes to stderr):
#
#   export RUNNEL_PG_URL="$(scripts/postgres.sh)"
#
# - installs PostgreSQL with apt-get when no initdb is found (apt-get update first; needs root or sudo);
# - runs the server as a non-root user (postgres when started as root) on 127.0.0.1, trust auth,
#   in a fresh data directory (RUNNEL_PG_DATA, default a new /tmp/runnel-pg.XXXXXX);
# - port RUNNEL_PG_PORT, default a free port;
# - creates the database "runnel".
# Stop it with the command printed on stderr (pg_ctl stop on the data directory), or:
#
#   scripts/postgres.sh stop DIR    stops the server of data directory DIR (RUNNEL_PG_DATA); keeps it
#   scripts/postgres.sh start DIR   starts it again on the port it had (as the first form, with
#                                   RUNNEL_PG_DATA=DIR; prints the JDBC URL again)
#
# Tests use these to stop and restart a private server mid-stream (PostgresRestartIT).
set -euo pipefail

case "${1:-}" in
  start) [ -n "${2:-}" ] || { echo "postgres.sh: usage: postgres.sh start DIR" >&2; exit 2; }
         export RUNNEL_PG_DATA="$2" ;;
  stop)  [ -n "${2:-}" ] || { echo "postgres.sh: usage: postgres.sh stop DIR" >&2; exit 2; } ;;
  "")    ;;
  *)     echo "postgres.sh: unknown command '$1' (use: start DIR, stop DIR, or none)" >&2; exit 2 ;;
esac

log() { echo "postgres.sh: $*" >&2; }

find_initdb() {
  local found
  found="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$found" ] || found="$(command -v initdb 2>/dev/null || true)"
  echo "$found"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root or sudo to run: $*"; exit 1; fi
}

INITDB="$(find_initdb)"
if [ -z "$INITDB" ]; then
  log "PostgreSQL not found; installing it with apt-get"
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  INITDB="$(find_initdb)"
  [ -n "$INITDB" ] || { log "initdb still not found after installing postgresql"; exit 1; }
fi
BIN="$(dirname "$INITDB")"

if [ "${1:-}" = stop ]; then
  [ -f "$2/data/PG_VERSION" ] || { log "no PostgreSQL data directory in $2"; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$2/data" -m fast -w stop >&2
  else
    "$BIN/pg_ctl" -D "$2/data" -m fast -w stop >&2
  fi
  exit 0
fi

PORT="${RUNNEL_PG_PORT:-}"
if [ -z "$PORT" ] && [ -n "${RUNNEL_PG_DATA:-}" ] && [ -f "$RUNNEL_PG_DATA/port" ]; then
  PORT="$(cat "$RUNNEL_PG_DATA/port")" # restarted: the port it had
fi
if [ -z "$PORT" ]; then
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)"
fi

DATA="${RUNNEL_PG_DATA:-$(mktemp -d /tmp/runnel-pg.XXXXXX)}"
mkdir -p "$DATA"
echo "$PORT" >"$DATA/port"

# initdb and postgres refuse to run as root: run them as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown -R postgres "$DATA"
  chmod 700 "$DATA"
  run() { runuser -u postgres -- "$@"; }
else
  run() { "$@"; }
fi

if [ ! -f "$DATA/data/PG_VERSION" ]; then
  run "$BIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --no-sync >"$DATA/initdb.log" 2>&1 \
    || { log "initdb failed, see $DATA/initdb.log"; cat "$DATA/initdb.log" >&2; exit 1; }
fi
run "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >&2 \
  || { log "server did not start, see $DATA/server.log"; cat "$DATA/server.log" >&2; exit 1; }
run "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtAc \
  "SELECT 1 FROM pg_database WHERE datname='runnel'" | grep -q 1 \
  || run "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres runnel

log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DATA"
log "stop with: $0 stop $DATA  (or: runuser -u postgres -- $BIN/pg_ctl -D $DATA/data stop; without runuser when not root)"
echo "jdbc:postgresql://127.0.0.1:$PORT/runnel?user=postgres"
