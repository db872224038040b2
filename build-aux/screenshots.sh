#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes data/screenshots/*.png from the real window against a real demo
# hrm-server, under Xvfb on a private bus with a throwaway gnome-keyring
# (tests/with-session.sh). The metainfo links users.png, overview.png,
# bulk-preview.png, linked.png, sign-in.png, pending.png and
# authorisations.png; the others are for looking at the UI (dark, high contrast,
# narrow, selection mode, Swedish, the Organisation window, the private-address filter,
# the preview of an import).
#   build-aux/screenshots.sh [OUTDIR]      (default data/screenshots)
# HRM_BUILDDIR picks the build directory (default _build). Cantarell
# (fonts-cantarell) is used when installed, as on a GNOME desktop.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

builddir=${HRM_BUILDDIR:-_build}
outdir=${1:-data/screenshots}
case "$outdir" in /*) ;; *) outdir="$top/$outdir" ;; esac

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" >/dev/null
mkdir -p "$outdir"

if ! fc-list | grep -qi cantarell; then
  echo "note: fonts-cantarell is not installed; the pictures use a fallback font" >&2
fi

run() {
  env GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$top/$builddir/data" \
    GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
    HRM_SERVER_PATH="$top/$builddir/src/server/hrm-server" HRM_SERVER_EXIT_WITH_PARENT=1 \
    HRM_LOCALEDIR="$top/$builddir/po" \
    "$@"
}
shots="$top/$builddir/tests/ui/make-screenshots"
session="$top/tests/with-session.sh --keyring --display --"

run LC_ALL=C.UTF-8 LANGUAGE= $session "$shots" "$outdir" \
  sign-in sign-in-browser users linked pending authorisations narrow narrow-user narrow-overview users-selection disabled \
  expired no-email overview leaving linked-private organisation import-preview
# Bulk jobs change the demo data: a server of their own (results before
# progress, see shot_bulk in tests/ui/make-screenshots.c).
run LC_ALL=C.UTF-8 LANGUAGE= $session "$shots" "$outdir" \
  bulk-preview bulk-results bulk-progress
run LC_ALL=C.UTF-8 LANGUAGE= ADW_DEBUG_COLOR_SCHEME=prefer-dark $session "$shots" "$outdir" \
  dark=linked
run LC_ALL=C.UTF-8 LANGUAGE= ADW_DEBUG_HIGH_CONTRAST=1 $session "$shots" "$outdir" \
  high-contrast=users

# The keyboard walkthrough presses real keys (xdotool) and says what works;
# it ends with the shortcuts window (Ctrl+?).
if command -v xdotool >/dev/null; then
  run LC_ALL=C.UTF-8 LANGUAGE= $session "$shots" "$outdir" shortcuts=keyboard
else
  echo "xdotool is not installed: no keyboard walkthrough, no shortcuts.png" >&2
fi

# Swedish needs the locale (build-aux/test.sh generates it too).
if locale -a 2>/dev/null | grep -qix 'sv_SE.utf8'; then
  run LC_ALL=sv_SE.UTF-8 LANGUAGE=sv $session "$shots" "$outdir" swedish=users
else
  echo "sv_SE.UTF-8 is not installed (localedef -i sv_SE -c -f UTF-8 sv_SE.UTF-8): no swedish.png" >&2
fi
