#!/usr/bin/env bash
# No acknowledged question is lost when the server is killed: QUESTIONS (1,000) question forms
# sent by CLIENTS (16) concurrent clients (each question from its own address, through
# X-Forwarded-For from a trusted proxy on 127.0.0.1), the server killed with SIGKILL once
# KILL_AFTER (300) questions were acknowledged, and started again at once on the same data
# directory. Every acknowledgement (the page with a tracking code) is then looked up on the
# status page: the bar is 0 lost.
# Usage: benches/question_kill.sh   (CONG_BIN=path uses that binary; CONG_DATABASE_URL=postgres://…
# runs on PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-19096}"
QUESTIONS="${QUESTIONS:-1000}"
CLIENTS="${CLIENTS:-16}"
KILL_AFTER="${KILL_AFTER:-300}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_LOG=warn
export CONG_TRUSTED_PROXIES=127.0.0.1 CONG_ACCESS_LOG=off
start() {
  "$bin" serve --demo 2>>"$work/server.log" &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "cong serve did not start" >&2; exit 1
}
start

ask() { # one citizen: prints "i status code" (code empty unless acknowledged)
  local i=$1 body status
  body=$(curl -s --retry 30 --retry-connrefused --retry-delay 1 -w '\n%{http_code}' -H 'Host: localhost' \
    -H "X-Forwarded-For: 10.$((i % 200)).$((i / 200)).9" \
    --data-urlencode "name=Công dân $i" --data-urlencode "email=dan$i@example.vn" \
    --data-urlencode field=xay-dung --data-urlencode "title=Giấy phép xây dựng $i" \
    --data-urlencode "question=Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những giấy tờ gì? ($i)" \
    --data-urlencode website= "http://127.0.0.1:$PORT/hoi-dap/dat-cau-hoi" || true)
  status=${body##*$'\n'}
  code=$(printf '%s' "$body" | grep -o 'tracking-code">HD-[0-9A-Z]*' | sed 's/.*">//' || true)
  echo "$i ${status:-000} $code"
}
export -f ask
export PORT

# The killer: SIGKILL once enough questions were acknowledged, then a restart at once.
(
  acknowledged() { local n; n=$(grep -c ' HD-' "$work/answers" 2>/dev/null || true); echo "${n:-0}"; }
  while [ "$(acknowledged)" -lt "$KILL_AFTER" ]; do sleep 0.02; done
  kill -9 "$pid"
  echo "killed after $(acknowledged) acknowledgements" > "$work/killed"
) &
killer=$!
touch "$work/answers"
start_time=$(date +%s.%N)
seq 0 $((QUESTIONS - 1)) | xargs -P "$CLIENTS" -I{} bash -c 'ask {}' >> "$work/answers" &
senders=$!
wait "$killer"
wait "$pid" 2>/dev/null || true
start
wait "$senders"
end_time=$(date +%s.%N)

cat "$work/killed"
echo "$QUESTIONS questions from $CLIENTS clients in $(echo "$end_time - $start_time" | bc) s:"
awk '{print $2}' "$work/answers" | sort | uniq -c | awk '{printf "  %s × HTTP %s\n", $1, $2}'
acknowledged=0; lost=0
while read -r i status code; do
  [ -n "$code" ] || continue
  acknowledged=$((acknowledged + 1))
  found=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: localhost' \
    "http://127.0.0.1:$PORT/hoi-dap/tra-cuu?code=$code")
  [ "$found" = 200 ] || { lost=$((lost + 1)); echo "  LOST: question $i, $code ($found)"; }
done < "$work/answers"
echo "acknowledged: $acknowledged; found after the restart: $((acknowledged - lost)); lost: $lost"
[ "$lost" -eq 0 ]
