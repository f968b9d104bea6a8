#!/usr/bin/env bash
# The JSON search API under load, with the shared legal corpus imported:
#   wrk, 16 connections, a rotating mix of queries        target: >= 2,000 requests/s, p99 < 50 ms
# The mix: the development questions of tests/search-eval (as written, with and without
# diacritics), their first two to four syllables as short queries, and number-symbols as typed.
# It is measured twice: as configured (the per-server result cache on) and with
# CONG_SEARCH_CACHE=off (every request ranks, counts and quotes again).
# Needs Debian's wrk (apt-get install wrk) and python3.
# Usage: CONG_LEGAL_CORPUS=path/to/legal_corpus.jsonl benches/search_http.sh
#        BENCH_DURATION=15s BENCH_CONNECTIONS=16 BENCH_THREADS=2; CONG_BIN=path/to/cong skips the build
# Exits 1 when the target is missed with the cache on.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
PORT=18090
CORPUS="${CONG_LEGAL_CORPUS:?set CONG_LEGAL_CORPUS to the legal corpus (JSON lines)}"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk curl python3)"; exit 1; }
done
if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
  echo "something already answers on 127.0.0.1:$PORT"; exit 1
fi

work="$(mktemp -d)"
portal_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BASE_DOMAIN=localhost CONG_LOG=warn

echo "importing $CORPUS"
start=$(date +%s.%N)
"$bin" legal import "$CORPUS" > "$work/import.json" 2>/dev/null
echo "imported in $(python3 -c "import time; print('%.1f' % (time.time() - $start))") s: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({k: v for k, v in d.items() if not isinstance(v, list)})' "$work/import.json")"

start_portal() {
  CONG_BIND="127.0.0.1:$PORT" CONG_SEARCH_CACHE="$1" "$bin" serve --demo 2>>"$work/server.log" &
  portal_pid=$!
  # Up, and the index built (the API answers 503 while it is being rebuilt).
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost' \
      "http://127.0.0.1:$PORT/api/v1/search?q=lao+dong&kind=legal&limit=10" || true)
    [ "$code" = 200 ] && return 0
    kill -0 "$portal_pid" 2>/dev/null || { portal_pid=""; echo "the portal exited"; exit 1; }
    sleep 0.1
  done
  echo "the search API did not answer 200 within 120 s"; exit 1
}
stop_portal() { kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true; portal_pid=""; }

# The rotating mix, as a wrk script.
python3 - "$work/mix.lua" "$work/paths.txt" <<'PY'
import json, sys, unicodedata, urllib.parse

def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))

queries = []
for line in open("tests/search-eval/questions.jsonl", encoding="utf-8"):
    q = json.loads(line)["question"]
    words = q.rstrip("?").split()
    queries += [q, fold(q), " ".join(words[:2]), fold(" ".join(words[:4]))]
queries += ["17/2019/qd-ubnd", "nghị định 43/2011", "45/2019/QH14", "luat dat dai",
            "thời hạn giải quyết khiếu nại", "bảo hiểm xã hội", "dieu 113 bo luat lao dong"]
paths = ["/api/v1/search?" + urllib.parse.urlencode({"q": q, "kind": "legal", "limit": 10})
         for q in queries]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("\n".join(paths) + "\n")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\n")
    f.write("""
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Host"] = "localhost"})
end
""")
print(f"{len(paths)} distinct queries")
PY

# Runs wrk and prints "requests_per_second p50_ms p99_ms".
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/mix.lua" "http://127.0.0.1:$PORT" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def pct(p):
    m = re.search(p + r"%\s+([\d.]+)(us|ms|s)\b", out)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
if bad: sys.exit("wrk saw %s error responses" % bad.group(1))
print("%.0f %.2f %.2f" % (rps, pct("50"), pct("99")))'
}

status=0
for cache in on off; do
  start_portal "$cache"
  # One pass over the mix first, as a server that has been up for a while would have.
  while read -r path; do
    curl -sf -o /dev/null -H 'Host: localhost' "http://127.0.0.1:$PORT$path"
  done < "$work/paths.txt"
  echo "measuring with the result cache $cache ($CONNECTIONS connections, $DURATION, load $(cut -d' ' -f1 /proc/loadavg))"
  read -r rps p50 p99 < <(measure)
  verdict=$(python3 -c "print('PASS' if $rps >= 2000 and $p99 < 50 else 'FAIL')")
  echo "cache $cache: $rps requests/s, p50 $p50 ms, p99 $p99 ms  $verdict"
  [ "$cache" = on ] && [ "$verdict" = FAIL ] && status=1
  stop_portal
done
exit $status
