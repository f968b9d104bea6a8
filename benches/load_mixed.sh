#!/usr/bin/env bash
# Mixed public load: LOAD_CONNECTIONS (1,000) connections for LOAD_DURATION (60 s) over a
# rotation of pages, searches and API requests on several sites of the demo province, against a
# release build on 127.0.0.1 — once with the page cache on (what a portal serves: most pages from
# memory) and once with CONG_PAGE_CACHE=off (every request routed, read from the database and
# rendered). Searches and the search API are never page-cached in either run.
# Usage: benches/load_mixed.sh     (CONG_BIN=path uses that binary; CONG_DATABASE_URL=postgres://…
# runs on PostgreSQL; LOAD_RUNS="cached uncached" chooses the runs)
# Target (issue 20): 0 errors, p99 ≤ 250 ms on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-19080}"
DURATION="${LOAD_DURATION:-60s}"
CONNECTIONS="${LOAD_CONNECTIONS:-1000}"
THREADS="${LOAD_THREADS:-2}"
RUNS="${LOAD_RUNS:-cached uncached}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
# wrk needs a descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
base="http://127.0.0.1:$PORT"

start() { # $1: page cache on|off
  export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_LOG=warn
  export CONG_PAGE_CACHE="$1" CONG_ACCESS_LOG=off CONG_PUBLIC_PORT="$PORT"
  "$bin" serve --demo &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf -H 'Host: localhost' "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "cong serve did not become ready" >&2
  exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# The rotation: HOST PATH lines, built from what the demo publishes (items found through the API).
urls() {
  local hosts="localhost skhcn.localhost sxd.localhost hathanh.localhost"
  for h in $hosts; do
    for p in / /tin-tuc /van-ban /thu-tuc-hanh-chinh /hoi-dap /danh-ba /lich-cong-tac \
             /co-cau-to-chuc /lay-y-kien /en/ /en/news /en/legal-documents \
             "/tim-kiem?q=gi%E1%BA%A5y+ph%C3%A9p+x%C3%A2y+d%E1%BB%B1ng" \
             "/tim-kiem?q=chuyen+doi+so" "/tim-kiem?q=17%2F2019%2FQ%C4%90-UBND" \
             "/api/v1/search?q=thu%E1%BA%BF&limit=10" "/api/v1/search?q=dat+dai&kind=legal" \
             /api/v1/news /api/v1/legal/documents /api/v1/services /api/v1/directory \
             /api/v1/sites /api/v1/consultations "/api/v1/schedule"; do
      echo "$h $p"
    done
  done
  # Every item page the API lists on the province portal (every site's), by its canonical URL.
  for api in news legal/documents services; do
    curl -sf -H 'Host: localhost' "$base/api/v1/$api?site=all&per_page=100" |
      grep -o '"url":"http://[^"]*"' | sed -E 's#"url":"http://([^:/]+)(:[0-9]+)?(/[^"]*)"#\1 \3#'
  done
}

lua() { # $1: the URL list → a wrk script rotating over it, counting statuses
  cat <<EOF
local lines = {}
for line in io.lines("$1") do
  local host, path = line:match("^(%S+) (.+)$")
  if host then lines[#lines + 1] = {host, path} end
end
local n = 0
request = function()
  n = n + 1
  local l = lines[(n % #lines) + 1]
  return wrk.format("GET", l[2], {["Host"] = l[1]})
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("requests %d, %.0f/s; errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    errors.connect, errors.read, errors.write, errors.timeout, errors.status))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max %.1f ms\n", latency.max / 1000))
end
EOF
}

for run in $RUNS; do
  case "$run" in cached) cache=on ;; uncached) cache=off ;; *) echo "unknown run $run" >&2; exit 2 ;; esac
  start "$cache"
  urls > "$work/urls"
  lua "$work/urls" > "$work/mix.lua"
  echo "== $run (CONG_PAGE_CACHE=$cache): $(wc -l < "$work/urls") URLs, wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  # Every URL answers 200 before the run (a broken rotation would measure error pages).
  while read -r host path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "$base$path")
    [ "$code" = 200 ] || echo "  warning: $host$path answers $code" >&2
  done < "$work/urls"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$work/mix.lua" "$base/" \
    | sed -n '/^requests /,$p'
  stop
done
