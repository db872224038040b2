#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/provisioning-summary.sh — how fast hrm-server counts the organisation
# (GET /api/v1/provisioning/summary) and filters expired links, at 100 000 users.
#
# Starts hrm-server with a demo organisation of $USERS users (default 100000)
# in a temporary directory, signs in with curl and times, one request at a
# time ($REQUESTS each, default 200; median, p90, p99 of curl's time_total):
#   1. GET /api/v1/provisioning/summary
#   2. GET /api/v1/users?connection=expired&limit=50      (first page)
#   3. GET /api/v1/users?connection=expired&limit=50&offset=… (half-way)
#   4. GET /api/v1/users?connection=pending&limit=50
#   5. GET /api/v1/users?connection=not_linked&email=present|absent&enabled=true
#      (first page, and half-way for present)
# and then, on the same database with python3's sqlite3 (read only), the raw
# SQL beside it:
#   a. the summary's statement (counts table + a range of the expiry index);
#   b. the expired count alone, and the same range over every pending user
#      (what it costs when all links have expired);
#   c. what the summary would cost without the counts: one GROUP BY over
#      every user.
# It prints the figures and never fails because of them.
#
# Usage: bench/provisioning-summary.sh [PATH-TO-hrm-server]
#   (default: $HRM_SERVER_PATH, else _build/src/server/hrm-server)
# Environment: USERS (default 100000), REQUESTS (default 200), SQL_RUNS (default 200).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
server=${1:-${HRM_SERVER_PATH:-$root/_build/src/server/hrm-server}}
users=${USERS:-100000}
requests=${REQUESTS:-200}
sql_runs=${SQL_RUNS:-200}
password=correct-horse-battery

if [ ! -x "$server" ]; then
  echo "No hrm-server at $server: build it (meson setup _build && meson compile -C _build) or pass its path." >&2
  exit 2
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

token=$(curl -sS -X POST "$base/oauth/token" \
          --data-urlencode grant_type=password --data-urlencode username=admin \
          --data-urlencode "password=$password" \
        | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "Sign-in failed" >&2; exit 1; }
printf 'Authorization: Bearer %s\n' "$token" > "$tmp/auth-header"

get() {
  curl -sS -H @"$tmp/auth-header" "$base$1"
}

echo
echo "summary: $(get /api/v1/provisioning/summary)"
expired_total=$(get "/api/v1/users?connection=expired&limit=1" | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p')
pending_total=$(get "/api/v1/users?connection=pending&limit=1" | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p')
echo "connection=expired: $expired_total users; connection=pending: $pending_total users"
with_email_total=$(get "/api/v1/users?connection=not_linked&email=present&enabled=true&limit=1" \
                   | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p')
echo "connection=not_linked&email=present&enabled=true: $with_email_total users"

# Times $requests sequential requests of $2 and prints median, p90 and p99.
measure() {
  name=$1 path=$2
  k=0
  : > "$tmp/times"
  while [ $k -lt "$requests" ]; do
    curl -sS -o /dev/null -w '%{time_total}\n' -H @"$tmp/auth-header" "$base$path" >> "$tmp/times"
    k=$((k + 1))
  done
  sort -n "$tmp/times" | awk -v name="$name" '
    { t[NR] = $1 * 1000 }
    END { printf "%-44s median %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   (%d requests)\n",
                 name, t[int(NR * 0.5) + 1], t[int(NR * 0.9) + 1], t[int(NR * 0.99) + 1], NR }'
}

echo
echo "== HTTP, one request at a time (curl time_total)"
measure "GET /api/v1/provisioning/summary" "/api/v1/provisioning/summary"
measure "GET /api/v1/users?connection=expired" "/api/v1/users?connection=expired&limit=50"
measure "  …&offset=$(( ${expired_total:-0} / 2 ))" \
  "/api/v1/users?connection=expired&limit=50&offset=$(( ${expired_total:-0} / 2 ))"
measure "GET /api/v1/users?connection=pending" "/api/v1/users?connection=pending&limit=50"
measure "GET /api/v1/users?…not_linked&email=present" \
  "/api/v1/users?connection=not_linked&email=present&enabled=true&limit=50"
measure "  …&offset=$(( ${with_email_total:-0} / 2 ))" \
  "/api/v1/users?connection=not_linked&email=present&enabled=true&limit=50&offset=$(( ${with_email_total:-0} / 2 ))"
measure "GET /api/v1/users?…not_linked&email=absent" \
  "/api/v1/users?connection=not_linked&email=absent&enabled=true&limit=50"
measure "GET /api/v1/users (no filter, for scale)" "/api/v1/users?limit=50"

# The raw SQL, on the server's database (read only; no collation needed).
echo
echo "== SQL alone (python3 sqlite3, median of $sql_runs)"
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 is not available: skipped"
  exit 0
fi
SUMMARY_SQL=$(sed -n '/^static const char summary_sql\[\] =/,/;$/p' \
                "$root/src/server/hrm-server-provisioning.c")
export SUMMARY_SQL
python3 - "$tmp/hrm.db" "$sql_runs" <<'EOF'
import os, re, sqlite3, statistics, sys, time

db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
runs = int(sys.argv[2])
now = int(time.time())

# The C source's string literals, with COUNT (…) expanded as the macro does.
text = os.environ["SUMMARY_SQL"]
text = re.sub(r'COUNT \("([^"]*)"\)',
              lambda m: '"(SELECT coalesce (sum (n), 0) FROM user_counts WHERE %s)"' % m.group(1),
              text)
summary = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))

queries = [
    ("summary statement", summary, {"now": now}),
    ("expired count (range of the expiry index)",
     "SELECT count(*) FROM users INDEXED BY users_pending_expiry"
     " WHERE conn_state = 'pending' AND expires_at <= :now AND enabled = 1", {"now": now}),
    ("the same range over every pending user",
     "SELECT count(*) FROM users INDEXED BY users_pending_expiry"
     " WHERE conn_state = 'pending' AND expires_at <= :now AND enabled = 1", {"now": 1 << 62}),
    ("without counts: GROUP BY over every user",
     "SELECT enabled, conn_state, coalesce (email, '') <> '', count(*) FROM users"
     " GROUP BY 1, 2, 3", {}),
]
for name, sql, args in queries:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        db.execute(sql, args).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    plan = "; ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args))
    print("%-44s median %7.3f ms   p90 %7.3f ms" % (name, statistics.median(times),
                                                    sorted(times)[int(len(times) * 0.9)]))
    print("    plan: %s" % plan)
EOF

echo
echo "(figures only; this script never fails on timing)"
