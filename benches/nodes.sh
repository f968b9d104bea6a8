#!/usr/bin/env bash
# Three `cong serve` nodes (release build) on 127.0.0.1 behind nginx, on one PostgreSQL database,
# each with its own data directory (page cache, search index) and one shared file store.
# Measures:
#   1. how long a change made in the shared database (a `cong content load` of one news article,
#      then of its new title, by a process that is none of the nodes) takes to be visible on each
#      node's news list and search;
#   2. what happens to requests in flight through nginx when one node is killed with SIGKILL.
# Usage: benches/nodes.sh   (CONG_BIN=path uses that binary; PG_ADMIN_URL=postgres://…/postgres;
# NODES_LOAD=20s the duration of the load during which a node is killed)
# Needs PostgreSQL (a throw-away database is created and dropped), wrk, and nginx (installed with
# apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PROXY_PORT="${BENCH_PORT:-19100}"
PORTS=(19101 19102 19103)
LOAD="${NODES_LOAD:-20s}"
db="cong_nodes_$$"
db_url="${ADMIN_URL%/*}/$db"
work="$(mktemp -d)"
pids=()
nginx_pid=""
cleanup() {
  for p in "${pids[@]}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

install() { # $1: command, $2: Debian package
  command -v "$1" >/dev/null && return 0
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
install nginx nginx-light
install wrk wrk
[ -n "${CONG_BIN:-}" ] || cargo build --release --quiet
bin="$(realpath "${CONG_BIN:-target/release/cong}")"
psql -q "$ADMIN_URL" -c "CREATE DATABASE $db" >/dev/null
ulimit -n 65536 2>/dev/null || true

# One installation: the same database, secret and shared files on every node.
export CONG_DATABASE_URL="$db_url" CONG_SECRET_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CONG_LOG=warn CONG_ACCESS_LOG=off CONG_TRUSTED_PROXIES=127.0.0.1 CONG_PUBLIC_PORT="$PROXY_PORT"
mkdir -p "$work/files"
start_node() { # $1: index, $2: extra argument (--demo for the first)
  local n=$1 dir="$work/node$1"
  mkdir -p "$dir"
  [ -e "$dir/files" ] || ln -s "$work/files" "$dir/files"
  CONG_DATA_DIR="$dir" CONG_BIND="127.0.0.1:${PORTS[$n]}" "$bin" serve ${2:-} 2>>"$work/node$n.log" &
  pids[$n]=$!
}
ready() { # $1: port
  for _ in $(seq 1 900); do
    curl -sf -H 'Host: localhost' "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "node on $1 did not become ready" >&2; exit 1
}
start_node 0 --demo; ready "${PORTS[0]}"
start_node 1; start_node 2
ready "${PORTS[1]}"; ready "${PORTS[2]}"

mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  upstream cong {
    server 127.0.0.1:${PORTS[0]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${PORTS[1]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${PORTS[2]} max_fails=1 fail_timeout=5s;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://cong;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto http;
      # A GET cut off by a dying node is tried on the next one.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 1s;
    }
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -sf -H 'Host: localhost' "http://127.0.0.1:$PROXY_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# --- 1. A change made elsewhere, seen by every node --------------------------------------------
now_ms() { date +%s%3N; }
bundle="$work/bundle"
mkdir -p "$bundle/skhcn/vi"
cp content/sites.toml "$bundle/"
article() { # $1: title
  cat > "$bundle/skhcn/vi/nut-giao-thu-nghiem.md" <<EOF
+++
site = "skhcn"
lang = "vi"
kind = "news"
translation_key = "nut-giao-thu-nghiem"
title = "$1"
date = 2026-11-20T09:00:00+07:00
author = "Ban biên tập"
source = "Sở Khoa học và Công nghệ"
+++
Bài viết đo thời gian lan truyền giữa các máy chủ: $1.
EOF
}
# Warm every node's cache of the list first: the change must drop it.
for p in "${PORTS[@]}"; do for _ in 1 2; do curl -s -o /dev/null -H 'Host: skhcn.localhost' "http://127.0.0.1:$p/tin-tuc"; done; done
visible() { # $1: port, $2: path, $3: word → ms until the word appears (from $t0), or "not within 10 s"
  local deadline=$(( $(now_ms) + 10000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if curl -s -H 'Host: skhcn.localhost' "http://127.0.0.1:$1$2" | grep -q "$3"; then
      echo "$(( $(now_ms) - t0 )) ms"; return 0
    fi
    sleep 0.02
  done
  echo "not within 10 s"
}
measure() { # $1: title word
  CONG_DATA_DIR="$work/loader" "$bin" content load "$bundle" >/dev/null 2>>"$work/loader.log"
  t0=$(now_ms)
  # Every node and both views watched at once.
  for n in 0 1 2; do
    visible "${PORTS[$n]}" /tin-tuc "$1" > "$work/list$n" &
    visible "${PORTS[$n]}" "/api/v1/search?q=$1&site=all" "$1" > "$work/search$n" &
  done
  wait $(jobs -p | grep -v -x -e "$nginx_pid" -e "${pids[0]}" -e "${pids[1]}" -e "${pids[2]}")
  for n in 0 1 2; do
    echo "  node $((n + 1)) (port ${PORTS[$n]}): news list $(cat "$work/list$n"), search $(cat "$work/search$n")"
  done
}
echo "== a news article published by \`cong content load\` into the shared database (times from the command's exit)"
article "Lantruyenmot giữa các máy chủ"
measure Lantruyenmot
echo "== the same article retitled"
article "Lantruyenhai giữa các máy chủ"
measure Lantruyenhai

# --- 2. A node killed under load ----------------------------------------------------------------
echo "== wrk -t2 -c64 -d$LOAD through nginx; node 2 killed with SIGKILL after 5 s"
wrk -t2 -c64 -d"$LOAD" --timeout 5s -s benches/status_count.lua "http://127.0.0.1:$PROXY_PORT/" -- \
  skhcn.localhost / /tin-tuc /van-ban /thu-tuc-hanh-chinh /api/v1/news /hoi-dap > "$work/wrk.out" &
wrk_pid=$!
sleep 5
kill -9 "${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true; pids[1]=""
echo "  node 2 killed at $(date +%T)"
wait "$wrk_pid"
grep -E '^  [0-9]+ requests|^  HTTP|^  socket|^  latency' "$work/wrk.out"
echo "== node 2 restarted: it rejoins and catches up"
start_node 1; ready "${PORTS[1]}"
t0=$(now_ms)
echo "  node 2 ready; its news list shows the latest article after $(visible "${PORTS[1]}" /tin-tuc Lantruyenhai)"
curl -s -o "$work/restarted.html" -w "  (last answer: %{http_code})\n" -H 'Host: skhcn.localhost' "http://127.0.0.1:${PORTS[1]}/tin-tuc"
grep -c 'upstream prematurely closed\|connect() failed' "$work/nginx/logs/error.log" \
  | xargs -I{} echo "  nginx retried {} requests on another node"
