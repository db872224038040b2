#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what the tests need, builds, and runs the
# whole suite (unit, server, client, ui, data) the way CI does; then the same
# suites again in a build with AddressSanitizer and UBSan, then every fuzz
# target for a bounded time (HRM_FUZZ_SECONDS, 60 by default).
# HRM_TEST_QUICK=1 runs only the first part (for a quick look while developing).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

# npm only where node came without it (Debian's nodejs has it apart; a
# nodejs from elsewhere may conflict with Debian's npm).
npm=
command -v npm >/dev/null 2>&1 || npm=npm
./build-aux/install-deps.sh locales $npm

# The translation test looks at the UI under a Swedish locale.
if ! locale -a 2>/dev/null | grep -qix 'sv_SE.utf8'; then
  as_root=
  [ "$(id -u)" -ne 0 ] && as_root=sudo
  $as_root localedef -i sv_SE -c -f UTF-8 -A /usr/share/locale/locale.alias sv_SE.UTF-8
fi

setup() {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

status=0
logs=

# The dependencies are installed: the SMTP tests (python3-aiosmtpd) must run,
# not skip.
export HRM_TEST_REQUIRE_SMTP=1
# Likewise the real-browser tests (Debian's chromium, playwright-core from npm).
export HRM_TEST_REQUIRE_BROWSER=1

# 1. Everything, in the build a developer uses.
builddir=${HRM_BUILDDIR:-_build}
setup "$builddir"
# playwright-core for tests/browser, at the version its package-lock.json pins.
if [ -f "$builddir/tests/browser/package-lock.json" ]; then
  (cd "$builddir/tests/browser" && npm ci --no-audit --no-fund --prefer-offline)
fi
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?
logs="$logs $builddir/meson-logs/testlog.json"

if [ "${HRM_TEST_QUICK:-0}" != 1 ]; then
  # 2. The same code under AddressSanitizer and UBSan. Leak reports count as
  # failures; tests/lsan.supp names the few leaks that live inside libraries
  # we do not own (each explained there). G_SLICE=always-malloc lets the leak
  # checker see GLib's allocations.
  asandir=${HRM_ASAN_BUILDDIR:-_build-asan}
  setup "$asandir" -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:halt_on_error=1:abort_on_error=1:print_summary=1:detect_stack_use_after_return=0 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1 \
  LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
  G_SLICE=always-malloc \
    meson test -C "$asandir" --print-errorlogs --num-processes 2 \
      --suite unit --suite server --suite client --suite ui --timeout-multiplier 3 || status=1
  logs="$logs $asandir/meson-logs/testlog.json"

  # 3. The fuzz targets, each for a bounded time on a copy of its corpus.
  fuzz_result=$(mktemp)
  if ./build-aux/fuzz.sh; then
    echo OK > "$fuzz_result"
  else
    echo FAIL > "$fuzz_result"
    status=1
  fi
fi

# One plain closing line, whatever the runners printed above.
python3 - ${fuzz_result:-} -- $logs <<'PY'
import json, sys
args = sys.argv[1:]
split = args.index("--")
extra, logs = args[:split], args[split + 1:]
passed = failed = skipped = 0
for path in logs:
    with open(path) as log:
        for line in log:
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
for path in extra:
    with open(path) as f:
        if f.read().strip() == "OK":
            passed += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
if [ -n "${fuzz_result:-}" ]; then rm -f "$fuzz_result"; fi
exit $status
