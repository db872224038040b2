#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's run command: installs what it needs, builds, starts hrm-server
# on loopback with demo data, and opens HRM Users already signed in to it.
# The demo password goes through a file readable only by you, never a command line.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

./build-aux/install-deps.sh

builddir=${HRM_BUILDDIR:-_build}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  meson setup "$builddir"
fi
meson compile -C "$builddir"

demo=$(mktemp -d "${TMPDIR:-/tmp}/hrm-users-demo.XXXXXX")
chmod 700 "$demo"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$demo"
}
trap cleanup EXIT INT TERM

(umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$demo/password")

"$builddir/src/server/hrm-server" --listen 127.0.0.1:0 --db "$demo/hrm.db" \
  --mail-dir "$demo/mail" --demo --demo-password-file "$demo/password" \
  --allow-password-grant > "$demo/server.out" &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's|^Listening on \(.*\)/$|\1|p' "$demo/server.out")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "hrm-server did not start" >&2
  exit 1
fi

cat <<MSG

  HRM Users demo
  --------------
  Server:    $url   (demo organisation, signed in as "admin")
  Mail:      $demo/mail/new
             Verification and password mails land here; open the link in a
             browser to play the employee's part.
  Password:  in $demo/password (for admin and clerk), if you sign out

  Close the window to stop the demo; its data is removed.

MSG

GSETTINGS_SCHEMA_DIR="$top/$builddir/data" \
  "$builddir/src/app/hrm-users" --server "$url" --username admin --password-file "$demo/password"
