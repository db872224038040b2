#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/server-scale.sh — the users list's server latency at 1k / 10k / 100k
# (/ 1M) users, beside the raw SQL of the same queries and the /me ceiling.
#
# For each size in $SIZES it seeds one demo database (with the first server
# given), copies it for every server, and then, $ROUNDS times, for each
# server in turn (interleaved, so a busy machine slows all of them alike):
# starts it on its copy, signs in and runs wrk against
#   /api/v1/me                      the framework's ceiling (no query)
#   /api/v1/users?limit=50          the first page
#   /api/v1/users?limit=50&q=$QUERY a search (berg: a fifth of the users)
# Then it opens each copy read-only with python3's sqlite3 module and times
# the SQL those two requests run (median of $SQL_RUNS): what the server
# cannot go below. Where a database has name_rank (schema 17) it times the
# search's page read from the index in rank order too, and says so when a
# plan sorts.
#
# Usage: bench/server-scale.sh [LABEL=PATH-TO-hrm-server ...]
#   (default: now=_build/src/server/hrm-server). Give an older build first to
#   compare, e.g. before=/tmp/hrm-server-old after=_build/src/server/hrm-server:
#   the database is seeded by the first, and a newer server migrates its copy.
# Environment: SIZES (default "1000 10000 100000"; add 1000000 when a minute
#   or two of seeding is fine), DURATION (wrk seconds, default 5),
#   CONNECTIONS (default 16), THREADS (default 2), QUERY (default berg),
#   ROUNDS (default 1), SQL_RUNS (default 50).
# Each wrk line also gives the server's CPU time per request (its user +
#   system time over the run / the requests served), which a busy machine
#   disturbs less than requests/s.
# It prints figures and never fails because of them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sizes=${SIZES:-1000 10000 100000}
duration=${DURATION:-5}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
query=${QUERY:-berg}
rounds=${ROUNDS:-1}
sql_runs=${SQL_RUNS:-50}
password=correct-horse-battery
hz=$(getconf CLK_TCK)

[ $# -gt 0 ] || set -- "now=$root/_build/src/server/hrm-server"
for spec in "$@"; do
  path=${spec#*=}
  [ -x "$path" ] || { echo "No hrm-server at $path" >&2; exit 2; }
done

need=
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v wrk >/dev/null 2>&1 || need="$need wrk"
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing$need …" >&2
  apt-get install -y --no-install-recommends $need >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends $need >/dev/null 2>&1; } \
    || true
fi
for tool in curl wrk python3; do
  command -v $tool >/dev/null 2>&1 || { echo "$tool is needed." >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-scale.XXXXXX")
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

printf '%s\n' "$password" > "$tmp/password"
chmod 600 "$tmp/password"

# start_server PATH DB USERS: runs it until stop_server; sets $base and the token.
start_server() {
  rm -f "$tmp/stdout"
  # The password grant is off by default since the browser sign-in; builds
  # from before it do not know the option (and need none).
  grant=
  "$1" --help-all 2>/dev/null | grep -q -- --allow-password-grant && grant=--allow-password-grant
  HRM_SERVER_ACCESS_TOKEN_TTL=3600 "$1" --listen 127.0.0.1:0 --db "$2" \
    --mail-dir "$tmp/mail" --demo --demo-password-file "$tmp/password" --demo-users "$3" \
    $grant >"$tmp/stdout" 2>"$tmp/stderr" &
  server_pid=$!
  i=0
  until grep -q '^Listening on ' "$tmp/stdout" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { echo "hrm-server exited:" >&2; cat "$tmp/stderr" >&2; exit 1; }
    i=$((i + 1)); [ $i -lt 6000 ] || { echo "hrm-server did not start" >&2; exit 1; }
    sleep 0.1
  done
  base=$(sed -n 's/^Listening on \(.*[^/]\)\/*$/\1/p' "$tmp/stdout" | head -n 1)
  token=$(curl -sS -X POST "$base/oauth/token" \
            --data-urlencode grant_type=password --data-urlencode username=admin \
            --data-urlencode "password=$password" \
          | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "Sign-in failed" >&2; exit 1; }
  printf 'Authorization: Bearer %s\n' "$token" > "$tmp/auth-header"
}

# The server's CPU time so far (user + system), in clock ticks.
server_ticks() {
  awk '{ print $14 + $15 }' "/proc/$server_pid/stat" 2>/dev/null || echo 0
}

# wrk_line NAME URL: one line of requests/s, p50, p99, and the server's CPU
# time per request (its user + system time over the run divided by the
# requests wrk counted): on a machine busy with other work, requests/s
# follows the load, CPU time per request much less.
wrk_line() {
  ticks=$(server_ticks)
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
          -H "$(cat "$tmp/auth-header")" "$2" 2>&1 || true)
  ticks=$(( $(server_ticks) - ticks ))
  requests=$(printf '%s\n' "$out" | sed -n 's/^ *\([0-9]*\) requests in .*/\1/p')
  cpu=$(awk "BEGIN { if (${requests:-0} > 0) printf \"%.0f\", $ticks * 1000000 / $hz / $requests }")
  rps=$(printf '%s\n' "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  p50=$(printf '%s\n' "$out" | sed -n 's/^ *50% *\([0-9.]*[a-z]*\).*/\1/p')
  p99=$(printf '%s\n' "$out" | sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p')
  non2xx=$(printf '%s\n' "$out" | sed -n 's/^ *Non-2xx.*: *\([0-9]*\).*/ (non-2xx: \1)/p')
  printf '| %s | %s | %s | %s | %s |%s\n' "$1" "$rps" "$p50" "$p99" "$cpu" "$non2xx"
}

# The raw SQL of the first page and of the search, as the server runs them
# (hrm-server-users.c), timed in one process. HRM_SV is registered as a
# stand-in: the pages walk the index in its order, so it is called only to
# seek, and the times stay the server's.
sql_times() {
  python3 - "$1" "$query" "$sql_runs" <<'EOF'
import sqlite3, statistics, sys, time
path, q, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
db.create_collation("HRM_SV", lambda a, b: (a > b) - (a < b))
cols = ("id, user_id, alias_user_id, signature, card_tag_id, external_reference, first_name,"
        " last_name, email, enabled, locale, conn_state, conn_email, verified_at, pending_email,"
        " sent_at, expires_at, last_mail_at, version, updated_at, password_hash IS NOT NULL")
order = "ORDER BY last_name COLLATE HRM_SV, first_name COLLATE HRM_SV, id LIMIT 51"
match = '"' + q.replace('"', '""') + '"'
queries = [
    ("first page: count(*) of users", "SELECT count(*) FROM users", ()),
    ("first page: sum over user_counts", "SELECT coalesce (sum (n), 0) FROM user_counts WHERE 1", ()),
    ("first page: the page", f"SELECT {cols} FROM users INDEXED BY users_by_name WHERE 1 {order}", ()),
    (f"q={q}: count (trigram index)",
     "SELECT count(*) FROM users_search WHERE users_search MATCH ?", (match,)),
]
# Every match as a set: the index's rowid is the user's id before schema 17,
# its name_rank after.
rowid_of = "name_rank" if db.execute("SELECT count(*) FROM sqlite_master"
                                     " WHERE name = 'users_by_rank'").fetchone()[0] else "id"
queries.append((f"q={q}: page, matches as a set",
                f"SELECT {cols} FROM users WHERE +{rowid_of} IN (SELECT rowid FROM users_search"
                f" WHERE users_search MATCH ?) {order}", (match,)))
# The walk the server takes for a common search (schema 11), where the
# database has its index; else the same walk reading every user's row.
has_index = db.execute("SELECT count(*) FROM sqlite_master"
                       " WHERE name = 'users_by_name_search'").fetchone()[0]
queries.append((f"q={q}: page, walk testing search_text"
                + (" in users_by_name_search" if has_index else " in the rows"),
                f"SELECT {cols} FROM users"
                + (" INDEXED BY users_by_name_search" if has_index else "")
                + f" WHERE instr (search_text, ?) > 0 {order}", (q,)))
# The page read from the index in its rowids' order (schema 17: the rowid is
# users.name_rank, the list's order), where the database has it: the first
# page, the page after the first page's last user (the cursor is a key,
# turned into a rank through users_by_name), and a short query (words).
has_rank = db.execute("SELECT count(*) FROM sqlite_master"
                      " WHERE name = 'users_by_rank'").fetchone()[0]
short = q[:2]
short_match = '"' + short.replace('"', '""') + '" *'
if has_rank:
    def by_rank(fts, cursor):
        after = ""
        if cursor:
            after = (f" AND {fts}.rowid > coalesce ((SELECT c.name_rank FROM users AS c"
                     " INDEXED BY users_by_name WHERE (c.last_name, c.first_name, c.id)"
                     " <= (? COLLATE HRM_SV, ? COLLATE HRM_SV, ?) ORDER BY c.last_name"
                     " COLLATE HRM_SV DESC, c.first_name COLLATE HRM_SV DESC, c.id DESC"
                     " LIMIT 1), -9223372036854775807)")
        return (f"SELECT {cols} FROM {fts} CROSS JOIN users ON users.name_rank = {fts}.rowid"
                f" WHERE {fts} MATCH ?{after} ORDER BY {fts}.rowid LIMIT 51")
    last = db.execute(by_rank("users_search", False), (match,)).fetchall()
    key = (last[-1][7], last[-1][6], last[-1][0]) if last else ("", "", 0)
    queries.append((f"q={q}: page by rank (users_search rowid = name_rank)",
                    by_rank("users_search", False), (match,)))
    queries.append((f"q={q}: next page by rank (cursor's key to its rank)",
                    by_rank("users_search", True), (match,) + key))
    queries.append((f"q={short}: page by rank (users_words)",
                    by_rank("users_words", False), (short_match,)))
else:
    queries.append((f"q={short}: page, matches as a set (users_words)",
                    f"SELECT {cols} FROM users INDEXED BY users_by_name WHERE +id IN"
                    f" (SELECT rowid FROM users_words WHERE users_words MATCH ?) {order}",
                    (short_match,)))
for name, sql, args in queries:
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args))
    if "TEMP B-TREE" in plan:
        print(f"  ({name} sorts: {plan})")
segs = db.execute("SELECT count(DISTINCT segid) FROM users_search_idx").fetchone()[0]
print(f"  trigram index: {segs} segment(s)")
for name, sql, args in queries:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        db.execute(sql, args).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    print(f"| SQL: {name} | median {statistics.median(times):.3f} ms"
          f" | min {min(times):.3f} ms |")
EOF
}

echo "# hrm-server at scale: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t$threads -c$connections -d${duration}s; q=$query; rounds $rounds (servers interleaved)"
for n in $sizes; do
  echo
  echo "## $n users"
  first=${1#*=}
  seed="$tmp/seed-$n.db"
  s=$(date +%s.%N)
  start_server "$first" "$seed" "$n"
  e=$(date +%s.%N)
  total=$(curl -sS -H @"$tmp/auth-header" "$base/api/v1/users?limit=1&q=$query" \
          | sed -n 's/.*"total" *: *\([0-9]*\).*/\1/p')
  stop_server
  printf 'seeded by %s in %.1f s; q=%s matches %s\n' "${1%%=*}" \
    "$(awk "BEGIN { print $e - $s }")" "$query" "$total"
  for spec in "$@"; do
    label=${spec%%=*}
    cp "$seed" "$tmp/$label-$n.db"
    [ ! -f "$seed-wal" ] || cp "$seed-wal" "$tmp/$label-$n.db-wal"
  done

  echo "| server, request | requests/s | p50 | p99 | server CPU µs/request |"
  echo "|---|---|---|---|---|"
  r=1
  while [ $r -le "$rounds" ]; do
    for spec in "$@"; do
      label=${spec%%=*}
      start_server "${spec#*=}" "$tmp/$label-$n.db" "$n"
      wrk_line "$label: /me (ceiling)" "$base/api/v1/me"
      wrk_line "$label: first page" "$base/api/v1/users?limit=50"
      wrk_line "$label: q=$query" "$base/api/v1/users?limit=50&q=$query"
      stop_server
    done
    r=$((r + 1))
  done
  for spec in "$@"; do
    label=${spec%%=*}
    echo "$label's database:"
    sql_times "$tmp/$label-$n.db"
  done
  rm -f "$tmp"/*-"$n".db*
done

echo
echo "(figures only; this script never fails on timing)"
