#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what the tests need, builds, and runs the
# whole suite (unit, server, client, ui, data) the way CI does.
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh locales

# The translation test looks at the UI under a Swedish locale.
if ! locale -a 2>/dev/null | grep -qix 'sv_SE.utf8'; then
  as_root=
  [ "$(id -u)" -ne 0 ] && as_root=sudo
  $as_root localedef -i sv_SE -c -f UTF-8 -A /usr/share/locale/locale.alias sv_SE.UTF-8
fi

builddir=${HRM_BUILDDIR:-_build}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir"
else
  meson setup "$builddir"
fi
meson compile -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?

# One plain closing line, whatever the runner printed above.
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as log:
    for line in log:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
