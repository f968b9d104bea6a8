#!/usr/bin/env bash
# PostgreSQL restarted under load: `cong serve` (release build, page cache off so that every
# page reads the database) answers while PostgreSQL restarts with a clear 503 at once — no
# request hangs, none is a 500 — and serves again, without being restarted, once it is back.
# Usage: benches/pg_restart.sh   (PG_CLUSTER="15 main" the cluster to restart, as
# pg_ctlcluster names it; PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres; CONG_BIN=path)
# It restarts the whole cluster: every other user of it sees the restart too. Whatever happens,
# the cluster is started again before the script exits.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r PG_VERSION PG_NAME <<<"${PG_CLUSTER:-15 main}"
ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT="${BENCH_PORT:-19097}"
DURATION="${PG_LOAD:-20s}"
db="cong_pgrestart_$$"
work="$(mktemp -d)"
pid=""
cluster_up() {
  pg_ctlcluster "$PG_VERSION" "$PG_NAME" status >/dev/null 2>&1 ||
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_NAME" start
}
cleanup() {
  # Never leave the cluster stopped.
  cluster_up || echo "WARNING: could not start PostgreSQL $PG_VERSION/$PG_NAME again" >&2
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cluster_up
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
psql -q "$ADMIN_URL" -c "CREATE DATABASE $db" >/dev/null
export CONG_DATABASE_URL="${ADMIN_URL%/*}/$db" CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT"
export CONG_LOG=error CONG_PAGE_CACHE=off CONG_ACCESS_LOG=off
"$bin" serve --demo 2>"$work/server.log" &
pid=$!
for _ in $(seq 1 600); do curl -sf -H 'Host: localhost' "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "== wrk -t2 -c32 -d$DURATION on cong (PostgreSQL); the cluster restarted after 5 s"
wrk -t2 -c32 -d"$DURATION" --timeout 10s -s benches/status_count.lua "http://127.0.0.1:$PORT/" -- \
  skhcn.localhost /tin-tuc /van-ban /thu-tuc-hanh-chinh /api/v1/news /hoi-dap /danh-ba > "$work/wrk.out" &
wrk_pid=$!
sleep 5
t0=$(date +%s%3N)
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_NAME" restart
echo "  PostgreSQL restarted in $(( $(date +%s%3N) - t0 )) ms"
# How long until cong serves pages again, without being restarted.
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: skhcn.localhost' "http://127.0.0.1:$PORT/tin-tuc")" = 200 ]; do
  sleep 0.05
  [ $(( $(date +%s%3N) - t0 )) -lt 30000 ] || { echo "  cong did NOT recover within 30 s"; break; }
done
echo "  cong serving again $(( $(date +%s%3N) - t0 )) ms after the restart began"
wait "$wrk_pid"
cat "$work/wrk.out" | sed -n '/^  HTTP\|^  socket\|^  latency/p'
if grep -q '^  HTTP 500' "$work/wrk.out"; then echo "FAIL: answers of 500"; exit 1; fi
