#!/usr/bin/env bash
# A crowd of citizens asking at once: N concurrent submissions of the public question form
# (each from its own address, through X-Forwarded-For from a trusted proxy on 127.0.0.1),
# against a release build on 127.0.0.1. Counts the answers by status: every 5xx is a failure.
# Usage: benches/question_burst.sh   (BURST=200 by default; CONG_DATABASE_URL=postgres://… to
# run it on PostgreSQL; CONG_BIN to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18095}"
BURST="${BURST:-200}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_LOG=warn
export CONG_TRUSTED_PROXIES=127.0.0.1
"$bin" serve --demo &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

ask() {
  local i=$1
  curl -s -o /dev/null -w '%{http_code}\n' -H 'Host: localhost' \
    -H "X-Forwarded-For: 10.$((i / 250)).$((i % 250)).7" \
    --data-urlencode "name=Công dân $i" --data-urlencode "email=dan$i@example.vn" \
    --data-urlencode field=xay-dung --data-urlencode "title=Giấy phép xây dựng $i" \
    --data-urlencode "question=Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại xã cần những giấy tờ gì? ($i)" \
    --data-urlencode website= "http://127.0.0.1:$PORT/hoi-dap/dat-cau-hoi"
}
export -f ask
export PORT
start=$(date +%s.%N)
seq 0 $((BURST - 1)) | xargs -P "$BURST" -I{} bash -c 'ask {}' > "$work/codes"
end=$(date +%s.%N)
echo "$BURST concurrent questions in $(echo "$end - $start" | bc) s:"
sort "$work/codes" | uniq -c | awk '{printf "  %s × HTTP %s\n", $1, $2}'
errors=$(grep -c '^5' "$work/codes" || true)
echo "answers of 5xx: $errors"
[ "$errors" -eq 0 ]
