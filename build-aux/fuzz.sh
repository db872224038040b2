#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets of tests/fuzz (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) in their own build directory and runs each for
# a bounded time on a copy of its committed corpus. Exits non-zero when any
# target crashes; the input that did is kept in BUILDDIR/fuzz-artifacts/.
#
#   build-aux/fuzz.sh                 every target, 60 s each
#   build-aux/fuzz.sh json cursor     only these
#   HRM_FUZZ_SECONDS=20 build-aux/fuzz.sh
#   HRM_FUZZ_BUILDDIR=_build-fuzz (the default)
set -eu
cd "$(dirname "$0")/.."

seconds=${HRM_FUZZ_SECONDS:-60}
builddir=${HRM_FUZZ_BUILDDIR:-_build-fuzz}
max_len=${HRM_FUZZ_MAX_LEN:-8192}

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" >/dev/null
else
  # The client needs none of this: the targets link src/lib and the server's library.
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dtests=false -Dclient=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$builddir" >/dev/null

targets=${*:-json models cursor form http-body}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
artifacts="$builddir/fuzz-artifacts"
mkdir -p "$artifacts"

# Leaks are reported (GLib's one-time allocations are not: they stay
# reachable); UBSan stops at the first report as ASan does.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
G_SLICE=always-malloc
export ASAN_OPTIONS UBSAN_OPTIONS G_SLICE

status=0
for target in $targets; do
  exe="$builddir/tests/fuzz/fuzz-$target"
  if [ ! -x "$exe" ]; then
    echo "fuzz-$target: no such target" >&2
    status=1
    continue
  fi

  corpus="$work/$target"
  mkdir -p "$corpus"
  cp tests/fuzz/corpus/"$target"/* "$corpus"/

  dict=tests/fuzz/json.dict
  [ "$target" = form ] && dict=tests/fuzz/form.dict

  log="$work/$target.log"
  if "$exe" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
       -dict="$dict" -artifact_prefix="$artifacts/$target-" -print_final_stats=1 \
       "$corpus" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz-$target: ok, ${runs:-?} inputs in ${seconds} s, corpus $(find "$corpus" -type f | wc -l) files"
  else
    echo "fuzz-$target: FAILED; the input is in $artifacts/, the end of the log:"
    tail -n 40 "$log" | sed 's/^/  /'
    status=1
  fi
done

exit $status
