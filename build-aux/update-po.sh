#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Refreshes the translations: lists the files with translatable strings in po/POTFILES.in,
# regenerates po/hrm-users.pot and merges it into every po/LANG.po, then checks them.
#   build-aux/update-po.sh [BUILD_DIR]     (default: _build, set up if missing)
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$srcdir/_build"}

"$srcdir/build-aux/update-potfiles.sh"
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir"
fi
meson compile -C "$builddir" hrm-users-pot
meson compile -C "$builddir" hrm-users-update-po

for po in "$srcdir"/po/*.po; do
  printf '%s: ' "${po#"$srcdir"/}"
  msgfmt --check --statistics -o /dev/null "$po"
done
