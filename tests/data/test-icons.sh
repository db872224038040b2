#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app icons must be usable by an icon theme: well-formed SVG of the right size (128 for the
# full-colour icons, 16 for the symbolic one), the symbolic icon in one colour only so GTK can
# recolour it, and each one must render (when rsvg-convert is installed).
#   test-icons.sh ICON_DIR   (the source tree's data/icons/hicolor)
set -eu

icondir=${1:?usage: test-icons.sh ICON_DIR}
app_id=io.github.hrmusers.HrmUsers

python3 - "$icondir" "$app_id" <<'PY'
import re, sys, xml.etree.ElementTree as ET

icondir, app_id = sys.argv[1], sys.argv[2]
icons = {
    f"{icondir}/scalable/apps/{app_id}.svg": 128,
    f"{icondir}/scalable/apps/{app_id}.Devel.svg": 128,
    f"{icondir}/symbolic/apps/{app_id}-symbolic.svg": 16,
}
failures = []
for path, size in icons.items():
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        failures.append(f"{path}: {e}")
        continue
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        failures.append(f"{path}: the root element is {root.tag}, not svg")
        continue
    for attr in ("width", "height"):
        if root.get(attr) != str(size):
            failures.append(f"{path}: {attr} is {root.get(attr)!r}, expected {size}")
    if root.get("viewBox") != f"0 0 {size} {size}":
        failures.append(f"{path}: viewBox is {root.get('viewBox')!r}, expected '0 0 {size} {size}'")
    if size == 16:
        colours = set()
        for el in root.iter():
            for attr in ("fill", "stroke"):
                v = el.get(attr)
                if v and v != "none":
                    colours.add(v.lower())
            for m in re.finditer(r"(?:fill|stroke)\s*:\s*([^;]+)", el.get("style", "")):
                if m.group(1).strip() != "none":
                    colours.add(m.group(1).strip().lower())
        if len(colours) != 1:
            failures.append(f"{path}: a symbolic icon has one colour, this one has {sorted(colours)}")
    print(f"checked {path}")
for f in failures:
    print(f)
sys.exit(1 if failures else 0)
PY

if command -v rsvg-convert >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for svg in "$icondir"/scalable/apps/*.svg "$icondir"/symbolic/apps/*.svg; do
    rsvg-convert -w 64 -h 64 "$svg" -o "$tmp/icon.png"
    if [ ! -s "$tmp/icon.png" ]; then
      echo "$svg did not render"
      exit 1
    fi
    echo "rendered $svg"
  done
else
  echo "(rsvg-convert is not installed: not rendering the icons)"
fi
