#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-session.sh [--keyring | --file-keyring] [--display] -- COMMAND...
#
# Runs COMMAND in a throwaway HOME on a private D-Bus session bus that has no
# services. --keyring starts an unlocked gnome-keyring (secrets only) on that
# bus and waits for it; --file-keyring points libsecret at its file backend
# instead (what the Flatpak uses through the Secret portal) with a keyring
# file in the throwaway HOME and no Secret Service on the bus; --display runs
# COMMAND under Xvfb unless DISPLAY is set.
set -eu

keyring=no
file_keyring=no
display=no
while [ $# -gt 0 ]; do
  case "$1" in
    --keyring) keyring=yes; shift ;;
    --file-keyring) file_keyring=yes; shift ;;
    --display) display=yes; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrm-test.XXXXXX")
bus_pid=
keyring_pid=
cleanup() {
  [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"

address=$(dbus-daemon --config-file="$here/session.conf" --fork --print-address=1 --print-pid=3 3>"$tmp/bus.pid")
bus_pid=$(cat "$tmp/bus.pid")
export DBUS_SESSION_BUS_ADDRESS="$address"

if [ "$keyring" = yes ]; then
  # --foreground keeps the daemon ours to stop; it reads the unlock password on stdin.
  # Not under the tests' G_DEBUG=fatal-warnings / MALLOC_*: the daemon's own
  # harmless warnings (e.g. when an item is replaced) would abort it.
  printf %s test-password | env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
    gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$tmp/keyring.log" 2>&1 &
  keyring_pid=$!
  gdbus wait --session --timeout 10 org.freedesktop.secrets
fi

if [ "$file_keyring" = yes ]; then
  # The password stands in for the one the portal would hand over.
  export SECRET_BACKEND=file SECRET_FILE_TEST_PATH="$XDG_DATA_HOME/keyrings/hrm-test.keyring"
  export SECRET_FILE_TEST_PASSWORD=test-password
  # libsecret 0.20.5's file backend leaks the previous etag of the keyring file on every
  # write (a plain secret_password_store() loop does it too; fixed in later libsecret). Only
  # unsymbolised GIO frames are on that stack, so no suppression in tests/lsan.supp can name
  # it without hiding leaks of our own; the same code of ours is leak-checked against
  # gnome-keyring (--keyring), so under ASan these runs check memory errors, not leaks.
  if [ -n "${ASAN_OPTIONS:-}" ]; then
    export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
  fi
fi

if [ "$display" = yes ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # -noreset: Xvfb would reset when its first client leaves, and a program
  # connecting at that moment fails with "cannot open display". Not exec: the
  # EXIT trap must still stop the keyring and the bus (an exec left one
  # gnome-keyring-daemon and one dbus-daemon behind for every UI test).
  set -- xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp -noreset" "$@"
fi

"$@"
