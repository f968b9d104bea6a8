#!/usr/bin/env bash
# The legal search over HTTP without the answer cache, on real citizens' questions and short
# portal queries, beside SQLite FTS5 over the same articles on the same questions.
#
# The data directory is made as the issue's yardstick makes it: `cong serve --demo` once, then
# `cong legal import CORPUS --site sonha --as quantri`; the portal then serves it with
# CONG_SEARCH_CACHE=off, so every request ranks, counts and quotes again.
#
# Three measurements, each a wrk run where requests rotate over distinct queries:
#   short     GET /api/v1/search?q=…&kind=legal&limit=10 (document level): law titles as
#             typed and unaccented, their first words, number-symbols as typed and in lower case
#             target: >= 1,500 requests/s, p99 <= 50 ms, 0 errors (16 connections)
#   questions GET /api/v1/search?q=…&kind=legal&granularity=article&limit=10: the questions
#             file, as typed and with diacritics stripped
#             target: >= 800 requests/s, p99 <= 50 ms, 0 errors (16 connections)
#   one       the questions through one connection: p50 <= 1/20 of FTS5's p50 on the same
#             questions (FTS5: the articles in an fts5 table, the question's syllables OR-ed,
#             ordered by bm25, top 10; its Recall@10 is printed beside its speed).
#
# Usage: benches/search_http.sh
#   CONG_LEGAL_CORPUS (default ../shared/data/legal/legal_corpus.jsonl)
#   CONG_QUESTIONS    (default ../shared/data/legal/questions-dev.jsonl; read, never copied)
#   BENCH_DURATION=10s BENCH_CONNECTIONS=16 BENCH_THREADS=2; CONG_BIN=path/to/cong skips the build
# Needs Debian's wrk, curl and python3 (with its sqlite3 module). Exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
PORT=18090
CORPUS="${CONG_LEGAL_CORPUS:-../shared/data/legal/legal_corpus.jsonl}"
QUESTIONS="${CONG_QUESTIONS:-../shared/data/legal/questions-dev.jsonl}"
for f in "$CORPUS" "$QUESTIONS"; do
  [ -r "$f" ] || { echo "cannot read $f (set CONG_LEGAL_CORPUS / CONG_QUESTIONS)"; exit 1; }
done
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
export CONG_DATA_DIR="$work/data" CONG_BASE_DOMAIN=localhost CONG_LOG=warn CONG_BIND="127.0.0.1:$PORT"

# Waits until the portal answers 200 at PATH (at most 120 s), or exits if it has stopped.
wait_for_200() {
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost' "http://127.0.0.1:$PORT$1" || true)
    [ "$code" = 200 ] && return 0
    kill -0 "$portal_pid" 2>/dev/null || { portal_pid=""; echo "the portal exited"; exit 1; }
    sleep 0.1
  done
  echo "$1 did not answer 200 within 120 s"; exit 1
}
wait_for_search() { wait_for_200 "/api/v1/search?q=lao+dong&kind=legal&limit=10"; }
stop_portal() { kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true; portal_pid=""; }

echo "making the data directory: serve --demo, then legal import --site sonha --as quantri"
"$bin" serve --demo 2>>"$work/server.log" & portal_pid=$!
wait_for_search
stop_portal
"$bin" legal import "$CORPUS" --site sonha --as quantri > "$work/import.json" 2>>"$work/server.log"
CONG_SEARCH_CACHE=off "$bin" serve 2>>"$work/server.log" & portal_pid=$!
wait_for_search
# Measured once ready: the import made while the portal was down is applied (and the index
# merged) first, as a load balancer would wait for it.
wait_for_200 /readyz

# The request mixes as wrk scripts, and FTS5 over the same articles on the same questions.
python3 - "$CORPUS" "$QUESTIONS" "$work" <<'PY'
import json, re, sqlite3, statistics, sys, time, unicodedata, urllib.parse

corpus, questions_file, work = sys.argv[1:4]

def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))

laws = [json.loads(line) for line in open(corpus, encoding="utf-8")]
questions = [json.loads(line) for line in open(questions_file, encoding="utf-8")]

short = []
for law in laws:
    title = " ".join((law["title"] or "").split()).lower()
    words = title.split()
    symbol = law["number_symbol"]
    short += [title, fold(title), " ".join(words[:3]), symbol, symbol.lower()]
short = list(dict.fromkeys(q for q in short if q.strip()))
asked = [q["question"] for q in questions]
asked = list(dict.fromkeys(asked + [fold(q) for q in asked]))

def script(name, queries, extra):
    paths = ["/api/v1/search?" + urllib.parse.urlencode({"q": q, "kind": "legal", **extra, "limit": 10})
             for q in queries]
    with open(f"{work}/{name}.lua", "w", encoding="utf-8") as f:
        f.write("paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\n")
        f.write("""
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Host"] = "localhost"})
end
""")
    with open(f"{work}/{name}.paths", "w", encoding="utf-8") as f:
        f.write("\n".join(paths) + "\n")
    print(f"{name}: {len(paths)} distinct queries")

script("short", short, {})
script("questions", asked, {"granularity": "article"})

# FTS5: every article with its law's title, the default unicode61 tokenizer (which folds
# diacritics, as a user of it would leave it), bm25 over the question's syllables OR-ed.
db = sqlite3.connect(":memory:")
db.execute("create virtual table articles using fts5(symbol unindexed, article unindexed, title, body)")
db.executemany("insert into articles values (?, ?, ?, ?)",
               ((law["number_symbol"], a["article_id"], (law["title"] or "") + " " + a["title"], a["text"])
                for law in laws for a in law["articles"]))
def fts(q):
    words = [w for w in re.findall(r"\w+", q.lower())]
    match = " OR ".join('"%s"' % w for w in words) or '""'
    return db.execute("select symbol, article from articles where articles match ? "
                      "order by bm25(articles) limit 10", (match,)).fetchall()
for q in questions[:5]:
    fts(q["question"])
times, found = [], 0
for q in questions:
    t = time.perf_counter()
    top = fts(q["question"])
    times.append((time.perf_counter() - t) * 1000)
    relevant = {(r["number_symbol"], r["article_id"]) for r in q["relevant"]}
    found += any(hit in relevant for hit in top)
with open(f"{work}/fts5.txt", "w") as f:
    f.write("%.2f %.3f\n" % (statistics.median(times), found / len(questions)))
PY
read -r fts_p50 fts_recall < "$work/fts5.txt"

# Runs wrk and prints "requests_per_second p50_ms p99_ms errors".
measure() {
  wrk -t"$1" -c"$2" -d"$DURATION" --latency -s "$work/$3.lua" "http://127.0.0.1:$PORT" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def pct(p):
    m = re.search(p + r"%\s+([\d.]+)(us|ms|s)\b", out)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
n = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
print("%.0f %.2f %.2f %d" % (rps, pct("50"), pct("99"), n))'
}

# One pass over each mix first (the operating system's file cache, as on a server that has
# been up for a while; the answer cache is off).
for mix in short questions; do
  while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost' "http://127.0.0.1:$PORT$path")
    [ "$code" = 200 ] || { echo "$path answers $code"; exit 1; }
  done < "$work/$mix.paths"
done

status=0
verdict() { if python3 -c "import sys; sys.exit(0 if $1 else 1)"; then echo PASS; else echo FAIL; status=1; fi; }
echo "answer cache off; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r rps p50 p99 err < <(measure "$THREADS" "$CONNECTIONS" short)
echo "short queries, $CONNECTIONS connections: $rps requests/s, p50 $p50 ms, p99 $p99 ms, $err errors  $(verdict "$rps >= 1500 and $p99 <= 50 and $err == 0")"
read -r rps p50 p99 err < <(measure "$THREADS" "$CONNECTIONS" questions)
echo "questions, $CONNECTIONS connections: $rps requests/s, p50 $p50 ms, p99 $p99 ms, $err errors  $(verdict "$rps >= 800 and $p99 <= 50 and $err == 0")"
read -r rps p50 p99 err < <(measure 1 1 questions)
echo "questions, one connection: p50 $p50 ms, p99 $p99 ms; FTS5 on the same questions: p50 $fts_p50 ms, Recall@10 $fts_recall  $(verdict "$p50 * 20 <= $fts_p50 and $err == 0")"
exit $status
