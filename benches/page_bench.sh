#!/usr/bin/env bash
# Serves the ~1,500-word demo article from the portal and the same bytes as a static file
# from nginx, in the same run, and measures both with wrk (everything on 127.0.0.1):
#   1. nginx serving the saved page                 (the reference)
#   2. the portal, from its page cache              target: >= 60 % of nginx's requests/s
#   3. the portal with the page cache off (SQLite)  target: >= 8,000 requests/s, p99 < 50 ms
# Needs Debian's wrk and nginx (apt-get install wrk nginx-light).
# Usage: benches/page_bench.sh   (BENCH_DURATION=15s BENCH_CONNECTIONS=128 by default)
#        BENCH_NGINX_ONLY=page.html benches/page_bench.sh   measures nginx alone serving that file
#        CONG_BIN=path/to/cong benches/page_bench.sh          uses that binary instead of building one
# Exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-128}"
THREADS="${BENCH_THREADS:-2}"
PORTAL_PORT=18080
NGINX_PORT=18081
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk nginx-light curl)"; exit 1; }
done
for port in "$PORTAL_PORT" "$NGINX_PORT"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "something already answers on 127.0.0.1:$port"; exit 1
  fi
done

work="$(mktemp -d)"
portal_pid=""
nginx_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bin="${CONG_BIN:-target/release/cong}"

start_portal() {
  CONG_DATA_DIR="$work/data" CONG_BIND="127.0.0.1:$PORTAL_PORT" CONG_BASE_DOMAIN=localhost \
    CONG_LOG=warn CONG_PAGE_CACHE="$1" "$bin" serve --demo &
  portal_pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORTAL_PORT/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$portal_pid" 2>/dev/null || { portal_pid=""; echo "the portal exited"; exit 1; }
    sleep 0.1
  done
  echo "the portal did not answer /healthz within 60 s"; exit 1
}
stop_portal() { kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true; portal_pid=""; }

# Runs wrk and prints "requests_per_second p99_ms".
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Host: localhost' "$1" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
if bad: sys.exit("wrk saw %s error responses" % bad.group(1))
print("%.0f %.2f" % (rps, p99))'
}

# nginx serving $work/www, all its files (pid, logs, temp dirs) inside $work. As root it
# needs a user to run its workers as; otherwise the directive would only draw a warning.
start_nginx() {
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user root;"
  mkdir -p "$work/tmp"
  cat > "$work/nginx.conf" <<NGINX
$user_line
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
}
NGINX
  nginx -p "$work/" -e "$work/nginx-error.log" -c "$work/nginx.conf" &
  nginx_pid=$!
  for _ in $(seq 1 50); do
    if curl -sf -o "$work/served.html" "http://127.0.0.1:$NGINX_PORT/article.html"; then
      cmp -s "$work/served.html" "$work/www/article.html" && return 0
      echo "nginx does not serve the saved bytes"; exit 1
    fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  nginx_pid=""
  echo "nginx did not start:"; cat "$work/nginx-error.log" 2>/dev/null; exit 1
}

if [ -n "${BENCH_NGINX_ONLY:-}" ]; then
  mkdir -p "$work/www"
  cp "$BENCH_NGINX_ONLY" "$work/www/article.html"
  start_nginx
  echo "measuring nginx serving $BENCH_NGINX_ONLY ($(wc -c < "$work/www/article.html") bytes, $CONNECTIONS connections, $DURATION)"
  read -r nginx_rps nginx_p99 < <(measure "http://127.0.0.1:$NGINX_PORT/article.html")
  echo "nginx: $nginx_rps requests/s, p99 $nginx_p99 ms"
  exit 0
fi

[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet

start_portal on
article=$(curl -sf -H 'Host: localhost' "http://127.0.0.1:$PORTAL_PORT/api/v1/news?lang=vi&per_page=100" | python3 -c '
import json, sys
items = json.load(sys.stdin)["results"]
print(next(i["url"] for i in items if i["translation_key"] == "chuyen-doi-so-toan-dien"))')
mkdir -p "$work/www"
curl -sf -H 'Host: localhost' "http://127.0.0.1:$PORTAL_PORT$article" > "$work/www/article.html"
echo "article: $article ($(wc -c < "$work/www/article.html") bytes, $(python3 -c 'import html,re,sys; t=re.sub(r"<[^>]+>"," ",open(sys.argv[1]).read()); print(len(t.split()))' "$work/www/article.html") words)"

start_nginx

echo "measuring nginx ($CONNECTIONS connections, $DURATION)"
read -r nginx_rps nginx_p99 < <(measure "http://127.0.0.1:$NGINX_PORT/article.html")
echo "measuring the portal from its page cache"
read -r cached_rps cached_p99 < <(measure "http://127.0.0.1:$PORTAL_PORT$article")
stop_portal

start_portal off
echo "measuring the portal with the page cache off"
read -r direct_rps direct_p99 < <(measure "http://127.0.0.1:$PORTAL_PORT$article")
stop_portal

mkdir -p target/bench
python3 - "$nginx_rps" "$nginx_p99" "$cached_rps" "$cached_p99" "$direct_rps" "$direct_p99" <<'PY'
import json, sys
n_rps, n_p99, c_rps, c_p99, d_rps, d_p99 = map(float, sys.argv[1:])
share = 100 * c_rps / n_rps
cached_ok = share >= 60
direct_ok = d_rps >= 8000 and d_p99 < 50
print()
print("%-30s %12s %10s" % ("", "requests/s", "p99 ms"))
print("%-30s %12.0f %10.2f" % ("nginx, static file", n_rps, n_p99))
print("%-30s %12.0f %10.2f   %.0f %% of nginx" % ("portal, page cache", c_rps, c_p99, share))
print("%-30s %12.0f %10.2f" % ("portal, cache off (SQLite)", d_rps, d_p99))
print()
print("%s cached >= 60 %% of nginx" % ("PASS" if cached_ok else "FAIL"))
print("%s uncached >= 8000 requests/s with p99 < 50 ms" % ("PASS" if direct_ok else "FAIL"))
json.dump({
    "nginx": {"rps": n_rps, "p99_ms": n_p99},
    "portal_cached": {"rps": c_rps, "p99_ms": c_p99, "percent_of_nginx": round(share, 1)},
    "portal_uncached_sqlite": {"rps": d_rps, "p99_ms": d_p99},
    "pass": {"cached": cached_ok, "uncached": direct_ok},
}, open("target/bench/page_bench.json", "w"), indent=2)
print("written: target/bench/page_bench.json")
sys.exit(0 if cached_ok and direct_ok else 1)
PY
