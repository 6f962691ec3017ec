#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for running the tests against PostgreSQL.
#
#   eval "$(scripts/start-postgres.sh)"      # exports DATABASE_URL and PG_THROWAWAY_DIR
#   python -m pytest tests/quizzes           # the quiz suite, on PostgreSQL
#   scripts/start-postgres.sh stop           # stops the cluster and deletes its files
#   scripts/start-postgres.sh halt DIR       # stops the server, keeping the cluster (an outage)
#   scripts/start-postgres.sh resume DIR     # starts it again on the same port
#
# Installs Debian's postgresql package when no server binaries are found, picks a free
# port, and runs the server as the unprivileged `postgres` user when started as root
# (PostgreSQL refuses to run as root).  Only the export lines go to stdout.
# PG_PORT and PG_DIR choose the port and the cluster's folder (default: a free port and a
# new folder under /tmp), for engineers sharing one machine.  PG_NO_FSYNC=1 (the test
# suite sets it) turns off fsync and synchronous commit: creating and dropping a database
# per test no longer waits for the disk — a crash would lose the cluster, which is thrown
# away anyway.  Benchmarks leave it unset, to measure a durable server.
set -euo pipefail

find_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" ]] && { echo "$dir"; return 0; }
    done
    return 1
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "${1:-}" == "stop" ]]; then
    dir="${2:-${PG_THROWAWAY_DIR:-}}"
    [[ -n "$dir" && -d "$dir" ]] || { echo "usage: $0 stop [cluster dir]" >&2; exit 2; }
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
    rm -rf "$dir"
    echo "stopped and removed $dir" >&2
    exit 0
fi

start_server() {   # dir port
    local fast=""
    [[ -f "$1/no-fsync" ]] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bindir/pg_ctl" -D "$1/data" -l "$1/server.log" -w \
        -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c max_connections=200 $fast" start >&2
}

if [[ "${1:-}" == "halt" || "${1:-}" == "resume" ]]; then
    dir="${2:-${PG_THROWAWAY_DIR:-}}"
    [[ -n "$dir" && -f "$dir/port" ]] || { echo "usage: $0 $1 [cluster dir]" >&2; exit 2; }
    bindir=$(find_bindir)
    if [[ "$1" == "halt" ]]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    else
        start_server "$dir" "$(cat "$dir/port")"
    fi
    exit 0
fi

if ! bindir=$(find_bindir); then
    echo "installing postgresql (Debian package) …" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(find_bindir)
fi

port=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
if [[ -n "${PG_DIR:-}" ]]; then
    [[ ! -e "$PG_DIR/data" ]] || { echo "$PG_DIR/data exists: stop that cluster first" >&2; exit 2; }
    mkdir -p "$PG_DIR"; dir=$PG_DIR
else
    dir=$(mktemp -d /tmp/pg-throwaway.XXXXXX)
fi
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
printf '%s\n' "$password" > "$dir/pwfile"
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir/pwfile"; fi

as_owner "$bindir/initdb" -D "$dir/data" -U quiz --pwfile="$dir/pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >&2
rm -f "$dir/pwfile"
echo "$port" > "$dir/port"
[[ "${PG_NO_FSYNC:-}" == "1" ]] && touch "$dir/no-fsync"
start_server "$dir" "$port"

echo "export PG_THROWAWAY_DIR=$dir"
echo "export DATABASE_URL=postgresql+psycopg://quiz:$password@127.0.0.1:$port/postgres"
