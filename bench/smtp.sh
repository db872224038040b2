#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/smtp.sh — mails per second over SMTP against the Maildir.
#
# Builds bench/mailer-loop.c against the build tree, then sends $MAILS
# (default 2000) messages, one after another as the outbox does: into a
# Maildir, then over SMTP to a real SMTP server on loopback
# (tests/common/hrm-test-smtp.py, python3-aiosmtpd, no TLS), with the one
# connection HrmSmtp keeps for a batch. Prints mails per second for each and
# how many connections the SMTP server saw. Figures only; never pass/fail.
#
# Usage: bench/smtp.sh [BUILD-DIR]   (default: _build)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/_build}
mails=${MAILS:-2000}
python=${HRM_TEST_PYTHON:-/usr/bin/python3}

[ -f "$build/src/server/libhrm-server-private.a" ] || {
  echo "No server build in $build: meson setup _build && meson compile -C _build" >&2; exit 2; }
"$python" -c 'import aiosmtpd' 2>/dev/null || { echo "python3-aiosmtpd is needed." >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-bench-smtp.XXXXXX")
smtp_pid=
cleanup() {
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null && wait "$smtp_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cc -O2 -o "$tmp/mailer-loop" "$here/mailer-loop.c" -I"$root/src/server" -I"$root/src/lib" \
  -I"$build" -I"$build/src/lib" $(pkg-config --cflags gio-2.0 json-glib-1.0 gmime-3.0) \
  "$build/src/server/libhrm-server-private.a" "$build/src/lib/libhrm-lib.a" \
  $(pkg-config --libs gio-2.0 json-glib-1.0 libsoup-3.0 sqlite3 libsodium pwquality gmime-3.0 libcurl)

"$python" "$root/tests/common/hrm-test-smtp.py" "$tmp/smtp" >"$tmp/smtp.out" 2>"$tmp/smtp.err" &
smtp_pid=$!
i=0
until grep -q '^PORT ' "$tmp/smtp.out" 2>/dev/null; do
  kill -0 "$smtp_pid" 2>/dev/null || { cat "$tmp/smtp.err" >&2; exit 1; }
  i=$((i + 1)); [ $i -lt 100 ] || { echo "the SMTP server did not start" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/^PORT //p' "$tmp/smtp.out")

echo "== $mails mails into a Maildir (HrmMailer)"
printf '   '; "$tmp/mailer-loop" "$tmp/maildir" "$mails"
echo "== $mails mails over SMTP to 127.0.0.1:$port (HrmSmtp, aiosmtpd)"
printf '   '; "$tmp/mailer-loop" "$tmp/unused" "$mails" "smtp://127.0.0.1:$port"
echo "   the SMTP server saw $(grep -c '^connect$' "$tmp/smtp/log") connection(s) and" \
     "$(ls "$tmp/smtp/mail/new" | wc -l) messages"
