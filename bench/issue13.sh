#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/issue13.sh — every row of issue 13's table in one run: the app's
# start-up (password sign-in and keyring resume, beside the bare window, the
# floors and gnome-text-editor), idle memory, search as you type and scrolling
# at 100 000 users (app-perf.sh), then the server at 1k / 10k / 100k / 1M users
# with the /me ceiling and the raw SQL beside it (server-scale.sh). Method and
# figures: bench/README.md.
#
# Usage: bench/issue13.sh [BUILD-DIR [BEFORE-BUILD-DIR]]
#   (a release build: meson setup _rel --buildtype=release). The environment
#   of the two scripts applies (RUNS, USERS, SIZES, DURATION, ...); SIZES
#   defaults to "1000 10000 100000 1000000" here (the 1M seed takes a few
#   minutes).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$(dirname "$here")/_build}" && pwd)
before=${2:+$(cd "$2" && pwd)}

echo "#### The app: start-up, memory, search, scrolling (app-perf.sh)"
"$here/app-perf.sh" "$build" ${before:+"$before"}

echo
echo "#### The server: the users list at each size (server-scale.sh)"
SIZES=${SIZES:-1000 10000 100000 1000000} \
  "$here/server-scale.sh" ${before:+"before=$before/src/server/hrm-server"} \
    "now=$build/src/server/hrm-server"
