#!/usr/bin/env bash
# The search index directory deleted while the portal serves under load: pages and search keep
# answering (search from the files the node still holds open), `/readyz` says 503 while the node
# rebuilds the index from the database by itself, then 200, and search finds the same again.
# Usage: benches/index_deleted.sh   (CONG_BIN=path; CONG_LEGAL_CORPUS=… imports that corpus first
# so that the rebuild has a province's worth of law to index, ../shared/data/legal/… by default
# when readable; INDEX_LOAD=20s)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-19098}"
DURATION="${INDEX_LOAD:-20s}"
CORPUS="${CONG_LEGAL_CORPUS:-../shared/data/legal/legal_corpus.jsonl}"
work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_BASE_DOMAIN=localhost
export CONG_LOG=warn CONG_ACCESS_LOG=off CONG_SEARCH_CACHE=off
ready() { curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost' "http://127.0.0.1:$PORT/readyz" || true; }
wait_ready() {
  for _ in $(seq 1 1200); do [ "$(ready)" = 200 ] && return 0; sleep 0.1; done
  echo "the portal did not become ready"; exit 1
}
total() { # search API total for $1
  curl -s -H 'Host: localhost' "http://127.0.0.1:$PORT/api/v1/search?q=$1&kind=legal" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("total", "?"))'
}

"$bin" serve --demo 2>>"$work/server.log" & pid=$!
wait_ready
if [ -r "$CORPUS" ]; then
  kill "$pid"; wait "$pid" 2>/dev/null || true
  "$bin" legal import "$CORPUS" --site sonha --as quantri >/dev/null 2>>"$work/server.log"
  "$bin" serve 2>>"$work/server.log" & pid=$!
  wait_ready
  echo "data: the demo and $(wc -l < "$CORPUS") documents of $CORPUS"
else
  echo "data: the demo only ($CORPUS not readable)"
fi
before="$(total lao+dong)"

echo "== wrk -t2 -c32 -d$DURATION over pages and search; the index directory deleted after 5 s"
wrk -t2 -c32 -d"$DURATION" --timeout 10s -s benches/status_count.lua "http://127.0.0.1:$PORT/" -- \
  localhost / /tin-tuc /van-ban /hoi-dap /api/v1/news "/api/v1/search?q=lao+dong&kind=legal" \
  "/api/v1/search?q=dat+dai&kind=legal&granularity=article" "/tim-kiem?q=chuyen+doi+so" \
  "/api/v1/search?q=thu+tuc" > "$work/wrk.out" &
wrk_pid=$!
sleep 5
t0=$(date +%s%3N)
rm -rf "$work/data/search"
seen_503=""
while [ $(( $(date +%s%3N) - t0 )) -lt 120000 ]; do
  code="$(ready)"
  if [ "$code" != 200 ] && [ -z "$seen_503" ]; then
    seen_503=$(( $(date +%s%3N) - t0 )); echo "  /readyz answered $code after $seen_503 ms"
  fi
  if [ "$code" = 200 ] && [ -n "$seen_503" ] && [ -d "$work/data/search" ]; then
    echo "  /readyz 200 again (index rebuilt) $(( $(date +%s%3N) - t0 )) ms after the deletion"
    break
  fi
  sleep 0.05
done
[ -n "$seen_503" ] || echo "  /readyz never said the index was missing"
wait "$wrk_pid"
sed -n '/^  HTTP\|^  socket\|^  latency/p' "$work/wrk.out"
after="$(total lao+dong)"
echo "  search total for \"lao dong\": $before before, $after after the rebuild"
grep -c "rebuilding" "$work/server.log" | xargs -I{} echo "  log lines about the rebuild: {}"
if grep -q '^  HTTP 5' "$work/wrk.out"; then echo "FAIL: answers of 5xx"; exit 1; fi
[ "$before" = "$after" ] || { echo "FAIL: search finds another total after the rebuild"; exit 1; }
