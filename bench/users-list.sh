#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/users-list.sh — how fast hrm-server lists and searches users.
#
# Starts hrm-server with a demo organisation of $USERS users (default 100000)
# in a temporary directory, signs in with curl, and measures with wrk:
#   1. the first page           GET /api/v1/users?limit=50
#   2. a deep keyset page       GET /api/v1/users?limit=50&cursor=… (about half-way)
#   3. a search                 GET /api/v1/users?q=…&limit=50
#   4. a short search           GET /api/v1/users?q=…&limit=50 (1–2 letters: word prefixes)
#   5. a jump by offset         GET /api/v1/users?limit=50&offset=… (half-way)
# It prints the figures and never fails because of them.
#
# Usage: bench/users-list.sh [PATH-TO-hrm-server]
#   (default: $HRM_SERVER_PATH, else _build/src/server/hrm-server)
# Environment: USERS (default 100000), DURATION (wrk seconds, default 10),
#   CONNECTIONS (default 8), THREADS (default 2), QUERY (default "berg"),
#   SHORT_QUERY (default "be").
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
server=${1:-${HRM_SERVER_PATH:-$root/_build/src/server/hrm-server}}
users=${USERS:-100000}
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}
threads=${THREADS:-2}
query=${QUERY:-berg}
short_query=${SHORT_QUERY:-be}
password=correct-horse-battery

if [ ! -x "$server" ]; then
  echo "No hrm-server at $server: build it (meson setup _build && ninja -C _build) or pass its path." >&2
  exit 2
fi

# The tools: curl always; wrk when it can be had, else a curl loop.
need=
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v wrk >/dev/null 2>&1 || need="$need wrk"
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing$need …" >&2
  apt-get install -y --no-install-recommends $need >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends $need >/dev/null 2>&1; } \
    || echo "Could not install$need; falling back where possible." >&2
fi
command -v curl >/dev/null 2>&1 || { echo "curl is needed." >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-bench.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

printf '%s\n' "$password" > "$tmp/password"
chmod 600 "$tmp/password"

echo "== hrm-server with $users demo users"
start=$(date +%s.%N)
HRM_SERVER_ACCESS_TOKEN_TTL=3600 "$server" --listen 127.0.0.1:0 --db "$tmp/hrm.db" \
  --mail-dir "$tmp/mail" --demo --demo-password-file "$tmp/password" --demo-users "$users" \
  --allow-password-grant >"$tmp/stdout" 2>"$tmp/stderr" &
server_pid=$!

# Wait (up to 5 minutes) for "Listening on URL".
i=0
until grep -q '^Listening on ' "$tmp/stdout" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "hrm-server exited:" >&2; cat "$tmp/stderr" >&2; exit 1
  fi
  i=$((i + 1)); [ $i -lt 3000 ] || { echo "hrm-server did not start" >&2; exit 1; }
  sleep 0.1
done
ready=$(date +%s.%N)
base=$(sed -n 's/^Listening on \(.*[^/]\)\/*$/\1/p' "$tmp/stdout" | head -n 1)
printf 'started and seeded in %.2f s at %s\n' "$(awk "BEGIN { print $ready - $start }")" "$base"

# Sign in (the token never goes to the terminal).
token=$(curl -sS -X POST "$base/oauth/token" \
          --data-urlencode grant_type=password --data-urlencode username=admin \
          --data-urlencode "password=$password" \
        | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "Sign-in failed" >&2; exit 1; }
printf 'Authorization: Bearer %s\n' "$token" > "$tmp/auth-header"

get() {
  curl -sS -H @"$tmp/auth-header" "$base$1"
}

next_cursor() {
  sed -n 's/.*"next_cursor" *: *"\([^"]*\)".*/\1/p'
}

total=$(get "/api/v1/users?limit=1" | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p')
echo "users listed: $total"

# A cursor about half-way through, by walking pages of 200.
pages=$(( ${total:-0} / 2 / 200 ))
cursor=
walk_start=$(date +%s.%N)
p=0
while [ $p -lt $pages ]; do
  if [ -n "$cursor" ]; then
    cursor=$(get "/api/v1/users?limit=200&cursor=$cursor" | next_cursor)
  else
    cursor=$(get "/api/v1/users?limit=200" | next_cursor)
  fi
  [ -n "$cursor" ] || break
  p=$((p + 1))
done
walk_end=$(date +%s.%N)
printf 'walked %d pages of 200 (%d users) in %.2f s with curl\n' "$p" $((p * 200)) \
  "$(awk "BEGIN { print $walk_end - $walk_start }")"

# URL-escape the cursor (base64url needs none, but be safe).
cursor_escaped=$(printf '%s' "$cursor" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')

first_url="$base/api/v1/users?limit=50"
deep_url="$base/api/v1/users?limit=50&cursor=$cursor_escaped"
search_url="$base/api/v1/users?limit=50&q=$query"
short_url="$base/api/v1/users?limit=50&q=$short_query"
offset=$(( ${total:-0} / 2 ))
offset_url="$base/api/v1/users?limit=50&offset=$offset"

count_of() {
  get "$1" | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p'
}
echo "search \"$query\" matches: $(count_of "/api/v1/users?limit=1&q=$query")"
echo "search \"$short_query\" matches: $(count_of "/api/v1/users?limit=1&q=$short_query")"

measure() {
  name=$1 url=$2
  echo
  echo "== $name"
  echo "   $url" | sed "s/cursor=[^&]*/cursor=…/"
  if command -v wrk >/dev/null 2>&1; then
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
        -H "$(cat "$tmp/auth-header")" "$url" 2>&1 \
      | grep -E 'Latency|Req/Sec|requests in|Requests/sec|Transfer/sec|50%|90%|99%|Non-2xx|Socket errors' \
      || true
  else
    n=200
    s=$(date +%s.%N)
    k=0
    while [ $k -lt $n ]; do
      curl -sS -o /dev/null -H @"$tmp/auth-header" "$url" || true
      k=$((k + 1))
    done
    e=$(date +%s.%N)
    printf '   %d sequential curl requests: %.1f ms each (wrk not available)\n' "$n" \
      "$(awk "BEGIN { print ($e - $s) * 1000 / $n }")"
  fi
}

measure "first page (limit=50)" "$first_url"
measure "deep keyset page (limit=50, ~$((p * 200)) users in)" "$deep_url"
measure "search q=$query (limit=50)" "$search_url"
measure "short search q=$short_query (limit=50)" "$short_url"
measure "jump: offset=$offset (limit=50)" "$offset_url"

echo
echo "(figures only; this script never fails on timing)"
