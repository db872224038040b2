#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks that what a desktop needs is there:
# the program, its desktop entry, AppStream metadata, icons, GSettings schema and translations.
#   test-install.sh BUILD_DIR PATH...   (PATHs are absolute install paths, prefix included)
set -eu

builddir=${1:?usage: test-install.sh BUILD_DIR PATH...}
shift

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

if ! meson install -C "$builddir" --destdir "$destdir" --no-rebuild --quiet > "$destdir.log" 2>&1; then
  echo "meson install failed:"
  cat "$destdir.log"
  rm -f "$destdir.log"
  exit 1
fi
rm -f "$destdir.log"

status=0
for path in "$@"; do
  if [ -f "$destdir$path" ] && [ -s "$destdir$path" ]; then
    echo "installed: $path"
  else
    echo "NOT INSTALLED: $path"
    status=1
  fi
done
exit "$status"
