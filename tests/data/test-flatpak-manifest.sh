#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest must parse without a single warning (flatpak-builder only warns about
# unknown keys, so warnings are made fatal) and sandbox the app as documented: network, IPC,
# Wayland with X11 fallback, GPU, and nothing else. In particular no talk-name for
# org.freedesktop.secrets: the credentials go through the Secret portal.
#   test-flatpak-manifest.sh MANIFEST
set -eu

manifest=${1:?usage: test-flatpak-manifest.sh MANIFEST}

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "SKIP: flatpak-builder is not installed (see build-aux/deps.txt)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"   # flatpak-builder may leave a .flatpak-builder state dir behind

if ! G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$manifest" > manifest.json 2> stderr.txt; then
  echo "flatpak-builder --show-manifest failed on $manifest:"
  cat stderr.txt
  exit 1
fi
if [ -s stderr.txt ]; then
  echo "flatpak-builder --show-manifest complained:"
  cat stderr.txt
  exit 1
fi

exec python3 - manifest.json <<'PY'
import json, sys

with open(sys.argv[1], encoding="utf-8") as f:
    m = json.load(f)

failures = []
def expect(what, got, want):
    if got != want:
        failures.append(f"{what}: expected {want!r}, got {got!r}")

expect("id", m.get("id"), "io.github.hrmusers.HrmUsers")
expect("runtime", m.get("runtime"), "org.gnome.Platform")
expect("sdk", m.get("sdk"), "org.gnome.Sdk")
expect("command", m.get("command"), "hrm-users")

args = m.get("finish-args", [])
wanted = ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
          "--device=dri"]
for a in wanted:
    if a not in args:
        failures.append(f"finish-args lacks {a}")
for a in args:
    if a not in wanted:
        failures.append(f"finish-args has {a}, which the app must not need")
if len(args) != len(set(args)):
    failures.append(f"finish-args repeats an entry: {args}")
if "--talk-name=org.freedesktop.secrets" in args:
    failures.append("finish-args talks to org.freedesktop.secrets; use the Secret portal")

app = [mod for mod in m.get("modules", []) if isinstance(mod, dict) and mod.get("name") == "hrm-users"]
if len(app) != 1:
    failures.append("no module named hrm-users")
else:
    mod = app[0]
    expect("hrm-users buildsystem", mod.get("buildsystem"), "meson")
    opts = mod.get("config-opts", [])
    for o in ["-Dserver=false", "-Dtests=false"]:
        if o not in opts:
            failures.append(f"hrm-users config-opts lacks {o}")
    sources = mod.get("sources", [])
    if not any(s.get("type") == "dir" and s.get("path") == ".." for s in sources):
        failures.append("hrm-users is not built from the checkout (type dir, path ..)")

for f in failures:
    print(f)
if failures:
    sys.exit(1)
print("The manifest parses cleanly; finish-args:", " ".join(args))
PY
