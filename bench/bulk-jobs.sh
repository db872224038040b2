#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/bulk-jobs.sh — how fast a bulk verification job mails.
#
# For each rate in $RATES (default "100 1000000": the pacing limit, then as
# good as unpaced) it starts hrm-server --demo --demo-users $USERS (default
# 10000) --mail-rate RATE on a throwaway database, runs one job over every
# user (filter {}), and prints how long the runner took to queue its mails
# (mails/s against the rate) and how long until the outbox had written them all
# to the Maildir. Then it builds bench/mailer-loop.c against the build tree and
# prints the Maildir mailer's own ceiling (a loop that only writes mails).
# Figures only; it never fails because of them.
#
# Usage: bench/bulk-jobs.sh [BUILD-DIR]   (default: _build)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/_build}
server=$build/src/server/hrm-server
users=${USERS:-10000}
rates=${RATES:-100 1000000}
password=correct-horse-battery

[ -x "$server" ] || { echo "No hrm-server in $build: meson setup _build && meson compile -C _build" >&2; exit 2; }
command -v curl >/dev/null 2>&1 || { echo "curl is needed." >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-bench-bulk.XXXXXX")
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
printf '%s\n' "$password" > "$tmp/password"
chmod 600 "$tmp/password"

now() { date +%s.%N; }
elapsed() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }
member() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -n 1; }

run() {
  rate=$1 dir=$tmp/run-$1
  mkdir -p "$dir"
  "$server" --listen 127.0.0.1:0 --db "$dir/hrm.db" --mail-dir "$dir/mail" --demo \
    --demo-password-file "$tmp/password" --demo-users "$users" --mail-rate "$rate" \
    --allow-password-grant \
    >"$dir/stdout" 2>"$dir/stderr" &
  server_pid=$!
  i=0
  until grep -q '^Listening on ' "$dir/stdout" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/stderr" >&2; exit 1; }
    i=$((i + 1)); [ $i -lt 1200 ] || { echo "hrm-server did not start" >&2; exit 1; }
    sleep 0.1
  done
  base=$(sed -n 's/^Listening on \(.*[^/]\)\/*$/\1/p' "$dir/stdout" | head -n 1)
  token=$(curl -sS -X POST "$base/oauth/token" --data-urlencode grant_type=password \
            --data-urlencode username=admin --data-urlencode "password=$password" | member access_token)
  printf 'Authorization: Bearer %s\n' "$token" > "$dir/auth"

  body='{"action": "send_verification", "filter": {}}'
  preview=$(curl -sS -H @"$dir/auth" -H 'Content-Type: application/json' \
              -d "{\"dry_run\": true, ${body#\{}" "$base/api/v1/bulk-jobs")
  will=$(printf '%s' "$preview" | member will_run)

  start=$(now)
  job=$(curl -sS -H @"$dir/auth" -H 'Content-Type: application/json' -d "$body" \
          "$base/api/v1/bulk-jobs" | member id)
  while :; do
    state=$(curl -sS -H @"$dir/auth" "$base/api/v1/bulk-jobs/$job" | tee "$dir/job" | member state)
    [ "$state" = done ] && break
    sleep 0.05
  done
  queued=$(now)
  sent=$(member succeeded < "$dir/job")
  while [ "$(ls "$dir/mail/new" 2>/dev/null | wc -l)" -lt "$sent" ]; do sleep 0.05; done
  delivered=$(now)

  q=$(elapsed "$start" "$queued") d=$(elapsed "$start" "$delivered")
  echo
  echo "== --mail-rate $rate, a job over $users users ($will to mail)"
  echo "   queued $sent mails in $q s: $(awk "BEGIN { printf \"%.0f\", $sent / $q }") mails/s (limit $rate/s)"
  echo "   all in the Maildir after $d s: $(awk "BEGIN { printf \"%.0f\", $sent / $d }") mails/s"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
}

for rate in $rates; do run "$rate"; done

echo
echo "== the Maildir mailer alone (bench/mailer-loop.c, $users mails)"
cc -O2 -o "$tmp/mailer-loop" "$here/mailer-loop.c" -I"$root/src/server" -I"$root/src/lib" \
  -I"$build" -I"$build/src/lib" $(pkg-config --cflags gio-2.0 json-glib-1.0 gmime-3.0) \
  "$build/src/server/libhrm-server-private.a" "$build/src/lib/libhrm-lib.a" \
  $(pkg-config --libs gio-2.0 json-glib-1.0 libsoup-3.0 sqlite3 libsodium pwquality gmime-3.0 libcurl)
printf '   '; "$tmp/mailer-loop" "$tmp/mailer" "$users"
