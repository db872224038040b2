#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/app-perf.sh — HRM Users' start-up, idle memory, search latency and
# scrolling beside a bare libadwaita window, the floors of its first frame
# (floor-window.c: static, with its libraries, and the resume's with the
# keyring and the server) and gnome-text-editor, in one run (the client half
# of issue 13; bench/issue13.sh runs the server half after it). Method and
# figures: bench/README.md.
#
# Usage: bench/app-perf.sh [BUILD-DIR [BEFORE-BUILD-DIR]]
#   BUILD-DIR (default _build) holds src/app/hrm-users, src/server/hrm-server
#   and data/gschemas.compiled; BEFORE-BUILD-DIR, if given, another build
#   (with the bench hook, src/app/hrm-bench.c) measured interleaved beside it.
# Environment: USERS (default 100000), RUNS (default 7), STARTUP_ONLY=1 (only
# the start-up and memory rows), TIMELINE=1 (every start-up's bench marks,
# src/app/hrm-bench.c, in ms from exec on stderr).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/_build}" && pwd)
before=${2:+$(cd "$2" && pwd)}

tools=$(mktemp -d "${TMPDIR:-/tmp}/hrm-app-perf-tools.XXXXXX")
trap 'rm -rf "$tools"' EXIT INT TERM
cc -O2 "$here/bare-window.c" $(pkg-config --cflags --libs libadwaita-1) -o "$tools/bare-window"
cc -O2 "$here/floor-window.c" $(pkg-config --cflags --libs libadwaita-1) -o "$tools/floor-window"
# The same, loading the shared libraries HRM Users loads (libsoup, libsecret,
# json-glib, libcsv and theirs: 18 more objects to map and relocate, at exec
# and again when GDK opens the GL driver).
cc -O2 "$here/floor-window.c" $(pkg-config --cflags libadwaita-1) -Wl,--no-as-needed \
  $(pkg-config --libs libadwaita-1 libsoup-3.0 libsecret-1 json-glib-1.0) -lcsv \
  -o "$tools/floor-window-libs"
# The floor of the keyring resume: the same window, waiting for the keyring,
# the token's refresh and the first frame's four answers (floor-window.c).
cc -O2 -DFLOOR_DATA "$here/floor-window.c" \
  $(pkg-config --cflags --libs libadwaita-1 libsoup-3.0 libsecret-1 json-glib-1.0) \
  -o "$tools/floor-resume"
cc -O2 "$here/x-map-wait.c" $(pkg-config --cflags --libs x11) -o "$tools/x-map-wait"

command -v gnome-text-editor >/dev/null 2>&1 ||
  echo "gnome-text-editor is not installed (apt-get install gnome-text-editor): its column stays empty." >&2

# A throwaway HOME, a private session bus with an unlocked keyring (the silent
# resume reads it), and Xvfb.
"$root/tests/with-session.sh" --keyring --display -- \
  python3 "$here/app-perf.py" --build "$build" ${before:+--before "$before"} \
    --server "$build/src/server/hrm-server" --tools "$tools" \
    --users "${USERS:-100000}" --runs "${RUNS:-7}" ${STARTUP_ONLY:+--startup-only}
