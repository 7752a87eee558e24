#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: no container, no system service.
#   bash Tools/postgres.sh start [--durable]   prints "URL FOLDER" of a new cluster on a free loopback port
#                                              (--durable keeps fsync on, for benchmarks)
#   bash Tools/postgres.sh stop F   stops the cluster in folder F and deletes it
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed; run bash Tools/dependencies.sh --postgresql." >&2; exit 69; }

# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
[ "$(id -u)" -ne 0 ] || as_owner=(runuser -u postgres --)

case "${1:-}" in
start)
    folder=$(mktemp -d /tmp/vp-postgres.XXXXXX)
    [ "$(id -u)" -ne 0 ] || chown postgres "$folder"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U vp --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1
    # fsync off for tests: a test cluster that dies is thrown away, never recovered.
    fsync=off
    [ "${2:-}" != "--durable" ] || fsync=on
    "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
        -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=200" start >/dev/null
    echo "postgres://vp@127.0.0.1:$port/postgres?sslmode=disable $folder"
    ;;
stop)
    folder=${2:?give the folder printed by start}
    "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
*)
    echo "usage: bash Tools/postgres.sh start | stop FOLDER" >&2
    exit 64
    ;;
esac
