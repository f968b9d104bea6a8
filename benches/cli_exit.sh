#!/usr/bin/env bash
# Commands against PostgreSQL must never crash at exit: runs `cong user list` (and any other
# command given) RUNS times on a throw-away database and counts the runs killed by a signal.
# Usage: benches/cli_exit.sh [ARGS…]   (RUNS=200; CONG_TEST_PG_URL as for the tests, on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-200}"
admin="${CONG_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
db="cong_cli_exit_$$"
psql -q "$admin" -c "CREATE DATABASE $db"
work="$(mktemp -d)"
cleanup() { psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATABASE_URL="${admin%/*}/$db" CONG_DATA_DIR="$work/data" CONG_LOG=error
"$bin" migrate >/dev/null
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(user list)
crashes=0 failures=0
for _ in $(seq 1 "$RUNS"); do
  set +e
  "$bin" "${args[@]}" >/dev/null 2>"$work/err"
  code=$?
  set -e
  if [ "$code" -ge 128 ]; then crashes=$((crashes + 1)); elif [ "$code" -ne 0 ]; then failures=$((failures + 1)); fi
done
echo "cong ${args[*]} × $RUNS on PostgreSQL: $crashes crashes (killed by a signal), $failures other failures"
[ "$crashes" -eq 0 ] && [ "$failures" -eq 0 ]
