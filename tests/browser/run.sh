#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one real-browser test (a .mjs file beside this script) with node, or
# skips (77) with the reason when what it needs is missing: Chromium
# (Debian's chromium, or $HRM_CHROMIUM), node, or playwright-core, which
# build-aux/test.sh installs with `npm ci` into the build tree.
#   run.sh TEST.cjs NODE_MODULES_DIR
set -eu
test_file=$1
HRM_BROWSER_NODE_MODULES=$2

# build-aux/test.sh installs everything: there, missing is a failure.
skip() {
  echo "SKIP: $*"
  [ "${HRM_TEST_REQUIRE_BROWSER:-0}" = 1 ] && exit 1
  exit 77
}

chromium=${HRM_CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$candidate" ] && chromium=$candidate && break
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  skip "Chromium is missing (apt-get install chromium, or set HRM_CHROMIUM)"
fi
if ! command -v node >/dev/null 2>&1; then
  skip "node is missing (apt-get install nodejs npm)"
fi
if [ ! -d "${HRM_BROWSER_NODE_MODULES:-}/playwright-core" ]; then
  skip "playwright-core is missing in $HRM_BROWSER_NODE_MODULES" \
       "(build-aux/test.sh installs it: npm ci in the build tree's tests/browser)"
fi

export HRM_CHROMIUM="$chromium"
export NODE_PATH="$HRM_BROWSER_NODE_MODULES"
exec node "$test_file"
