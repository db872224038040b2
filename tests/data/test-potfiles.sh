#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a file with translatable strings is missing from po/POTFILES.in (its strings would
# never reach translators) or when POTFILES.in lists a file that does not exist (the pot target
# would break). Fix with build-aux/update-potfiles.sh.
#   test-potfiles.sh SOURCE_DIR
set -eu

srcdir=${1:-${HRM_SOURCE_DIR:?}}
potfiles="$srcdir/po/POTFILES.in"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -Ev '^[[:space:]]*(#|$)' "$potfiles" | sed 's/[[:space:]]*$//' | LC_ALL=C sort > "$tmp/listed"
"$srcdir/build-aux/update-potfiles.sh" --list | LC_ALL=C sort > "$tmp/wanted"

status=0
while IFS= read -r f; do
  if [ ! -f "$srcdir/$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < "$tmp/listed"

LC_ALL=C comm -13 "$tmp/listed" "$tmp/wanted" > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
  echo "These files have translatable strings but are missing from po/POTFILES.in:"
  sed 's/^/  /' "$tmp/missing"
  status=1
fi

LC_ALL=C comm -23 "$tmp/listed" "$tmp/wanted" > "$tmp/extra"
if [ -s "$tmp/extra" ]; then
  echo "Note: po/POTFILES.in lists files without translatable strings:"
  sed 's/^/  /' "$tmp/extra"
fi

if [ "$status" -ne 0 ]; then
  echo "Run build-aux/update-potfiles.sh to bring po/POTFILES.in up to date."
else
  echo "po/POTFILES.in lists all $(wc -l < "$tmp/wanted") files with translatable strings."
fi
exit "$status"
