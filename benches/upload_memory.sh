#!/usr/bin/env bash
# Peak memory of the server while it accepts a 50 MB document upload: the upload is
# streamed to disk, so the peak should stay near the idle footprint.
# Usage: benches/upload_memory.sh   (builds the release binary; everything on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18090}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

cargo build --release --quiet
bin="${CONG_BIN:-target/release/cong}"
export CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORT" CONG_LOG=warn
"$bin" serve --demo &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

jar="$work/cookies"
base="http://127.0.0.1:$PORT"
login_csrf=$(curl -s -c "$jar" -H 'Host: localhost' "$base/admin/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -H 'Host: localhost' -o /dev/null \
  --data-urlencode username=soantin --data-urlencode password=demo-cong-2026 \
  --data-urlencode csrf="$login_csrf" --data-urlencode next=/admin "$base/admin/login"
csrf=$(curl -s -b "$jar" -H 'Host: localhost' "$base/admin/sites/sonha/media" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n1)
[ -n "$csrf" ] || { echo "could not sign in"; exit 1; }

# 50 MB of a PDF (just under the default limit).
{ printf '%%PDF-1.7\n'; head -c $((50 * 1024 * 1024 - 100)) /dev/urandom; } > "$work/big.pdf"
idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
start=$(date +%s.%N)
status=$(curl -s -o "$work/reply.html" -w '%{http_code}' -b "$jar" -H 'Host: localhost' \
  -F csrf="$csrf" -F alt= -F "files=@$work/big.pdf;filename=Báo cáo lớn.pdf" "$base/admin/sites/sonha/media")
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
grep -q 'href="/admin/media/' "$work/reply.html" || { echo "the upload was not accepted (HTTP $status)"; exit 1; }
stored=$(find "$work/data/files" -type f -size +40M | wc -l)
echo "upload of 50 MB: HTTP $status in $(echo "$end - $start" | bc) s"
echo "stored blobs over 40 MB: $stored"
echo "server memory: idle RSS $((idle / 1024)) MB, peak (VmHWM, whole run) $((peak / 1024)) MB"
