#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/users-export.sh — the CSV export (GET /api/v1/users, Accept: text/csv)
# at $USERS demo users (default 100000): how long the whole file takes, how
# large it is, and the server's memory (VmRSS, and VmHWM, its peak) before,
# after a full export, and while a client reads at a crawl (curl
# --limit-rate) and then stops reading altogether: a server that streamed
# from a statement chunk by chunk stays flat where one that built the file
# first would grow by the file's size. Figures only; it never fails because
# of them. (The SQLite page cache, up to 64 MiB, fills on the first walk
# either way: compare the figures after it.)
#
# Usage: bench/users-export.sh [PATH-TO-hrm-server]
# Environment: USERS (default 100000), CRAWL_SECONDS (default 5).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
server=${1:-${HRM_SERVER_PATH:-$root/_build/src/server/hrm-server}}
users=${USERS:-100000}
crawl=${CRAWL_SECONDS:-5}
password=correct-horse-battery

if [ ! -x "$server" ]; then
  echo "No hrm-server at $server: build it (meson setup _build && ninja -C _build) or pass its path." >&2
  exit 2
fi
command -v curl >/dev/null 2>&1 || { echo "curl is needed." >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-bench.XXXXXX")
server_pid=
crawler_pid=
cleanup() {
  [ -n "$crawler_pid" ] && kill "$crawler_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

printf '%s\n' "$password" > "$tmp/password"
chmod 600 "$tmp/password"

echo "== hrm-server with $users demo users"
HRM_SERVER_ACCESS_TOKEN_TTL=3600 "$server" --listen 127.0.0.1:0 --db "$tmp/hrm.db" \
  --mail-dir "$tmp/mail" --demo --demo-password-file "$tmp/password" --demo-users "$users" \
  >"$tmp/stdout" 2>"$tmp/stderr" &
server_pid=$!

i=0
until grep -q '^Listening on ' "$tmp/stdout" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "hrm-server exited:" >&2; cat "$tmp/stderr" >&2; exit 1
  fi
  i=$((i + 1)); [ $i -lt 3000 ] || { echo "hrm-server did not start" >&2; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^Listening on \(.*[^/]\)\/*$/\1/p' "$tmp/stdout" | head -n 1)

token=$(curl -sS -X POST "$base/oauth/token" \
          --data-urlencode grant_type=password --data-urlencode username=admin \
          --data-urlencode "password=$password" \
        | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "Sign-in failed" >&2; exit 1; }
printf 'Authorization: Bearer %s\n' "$token" > "$tmp/auth-header"

memory() {
  rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
  hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
  printf '%-34s RSS %6d KiB   peak %6d KiB\n' "$1" "$rss" "$hwm"
}

export_once() {
  curl -sS -H @"$tmp/auth-header" -H 'Accept: text/csv' -o "$tmp/users.csv" \
    -w '%{time_total} %{size_download}\n' "$base/api/v1/users"
}

memory "before any export"
set -- $(export_once)
printf 'first export: %s rows, %s bytes in %.2f s\n' "$(($(wc -l < "$tmp/users.csv") - 1))" "$2" "$1"
memory "after the first export"
set -- $(export_once)
printf 'second export: %s bytes in %.2f s\n' "$2" "$1"
memory "after the second export"

# A client that reads 100 KiB/s for a while, then stops reading (SIGSTOP).
curl -sS -H @"$tmp/auth-header" -H 'Accept: text/csv' --limit-rate 100k -o /dev/null \
  "$base/api/v1/users" &
crawler_pid=$!
sleep "$crawl"
memory "a client reading at 100 KiB/s"
kill -STOP "$crawler_pid"
sleep 2
memory "the client no longer reading"
printf 'the server still answers: '
curl -sS -o /dev/null -w '%{http_code} in %{time_total} s\n' -H @"$tmp/auth-header" "$base/api/v1/me"
kill -CONT "$crawler_pid" 2>/dev/null || true
kill "$crawler_pid" 2>/dev/null || true
crawler_pid=
