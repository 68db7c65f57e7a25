#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests and benchmarks: initdb into a folder,
# listening on a unix socket in that folder only (no TCP), run as an unprivileged user (the
# "postgres" user of Debian's postgresql-15 when started by root).
#   scripts/pg-cluster.sh start DIR   prints the connection URI of database "sopengine"
#   scripts/pg-cluster.sh stop DIR    stops the cluster and removes DIR
set -euo pipefail
command="${1:?usage: pg-cluster.sh start|stop DIR}"
dir="${2:?usage: pg-cluster.sh start|stop DIR}"

bindir=""
for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    if [ -n "${candidate}" ] && [ -x "${candidate}/initdb" ] && [ -x "${candidate}/pg_ctl" ]; then
        bindir="${candidate}"
        break
    fi
done
if [ -z "${bindir}" ]; then
    echo "pg-cluster.sh: no PostgreSQL server found; run scripts/setup.sh (postgresql-15)" >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    as_owner=(runuser -u postgres --)
fi

case "${command}" in
    start)
        mkdir -p "${dir}"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "${dir}"; fi
        "${as_owner[@]}" "${bindir}/initdb" -D "${dir}/data" -A trust -U sopengine \
            --no-sync -E UTF8 --locale=C.UTF-8 >"${dir}/initdb.log" 2>&1 ||
            { cat "${dir}/initdb.log" >&2; exit 1; }
        "${as_owner[@]}" "${bindir}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w \
            -o "-c listen_addresses='' -k ${dir} -c max_connections=50" start >/dev/null ||
            { cat "${dir}/server.log" >&2; exit 1; }
        "${as_owner[@]}" "${bindir}/createdb" -h "${dir}" -U sopengine sopengine
        echo "postgresql:///sopengine?host=${dir}&user=sopengine"
        ;;
    stop)
        if [ -d "${dir}/data" ]; then
            "${as_owner[@]}" "${bindir}/pg_ctl" -D "${dir}/data" -m immediate -w stop \
                >/dev/null 2>&1 || true
        fi
        rm -rf "${dir}"
        ;;
    *)
        echo "pg-cluster.sh: unknown command ${command}" >&2
        exit 2
        ;;
esac
