#!/usr/bin/env bash
# The page cache under a flood of unique query strings from one client: the server's memory
# before and after, for a parameter no page reads (never cached) and for one a page reads
# (cached, within page_cache_bytes). Release build on 127.0.0.1, with Debian's wrk.
# Usage: benches/cache_flood.sh   (FLOOD_DURATION=20s; CONG_PAGE_CACHE_MB=128 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18096}"
DURATION="${FLOOD_DURATION:-20s}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_LOG=warn
"$bin" serve --demo &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
flood() { # $1: the query parameter
  cat > "$work/flood.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/van-ban?$1=" .. n, { Host = "localhost" })
end
LUA
  wrk -t1 -c8 -d"$DURATION" -s "$work/flood.lua" "http://127.0.0.1:$PORT/" | grep -E "requests in|Non-2xx" || true
}
# Warm up: every page type once.
curl -s -o /dev/null -H 'Host: localhost' "http://127.0.0.1:$PORT/van-ban"
echo "idle RSS: $(rss) MB"
echo "unique ?z=N (a parameter no page reads):"
flood z
echo "  RSS after: $(rss) MB"
echo "unique ?issuer=N (a filter the legal list reads, each a cacheable page):"
flood issuer
echo "  RSS after: $(rss) MB (cache bound: ${CONG_PAGE_CACHE_MB:-128} MB)"
