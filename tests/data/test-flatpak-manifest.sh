#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest must parse without a single warning (flatpak-builder only warns about
# unknown keys, so warnings are made fatal) and sandbox the app as documented: network, IPC,
# Wayland with X11 fallback, GPU, and nothing else. In particular no talk-name for
# org.freedesktop.secrets: the credentials go through the Secret portal.
# The app is built from a git tag (what Flathub accepts; a commit, when given, is a full hash).
# LOCAL_MANIFEST, the one that builds the checkout, must be the same but for that source.
#   test-flatpak-manifest.sh MANIFEST [LOCAL_MANIFEST]
set -eu

manifest=$(realpath "${1:?usage: test-flatpak-manifest.sh MANIFEST [LOCAL_MANIFEST]}")
local_manifest=${2:+$(realpath "$2")}

if ! command -v flatpak-builder >/dev/null 2>&1; then
  echo "SKIP: flatpak-builder is not installed (see build-aux/deps.txt)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"   # flatpak-builder may leave a .flatpak-builder state dir behind

show_manifest() {
  if ! G_DEBUG=fatal-warnings flatpak-builder --show-manifest "$1" > "$2" 2> stderr.txt; then
    echo "flatpak-builder --show-manifest failed on $1:"
    cat stderr.txt
    exit 1
  fi
  if [ -s stderr.txt ]; then
    echo "flatpak-builder --show-manifest complained about $1:"
    cat stderr.txt
    exit 1
  fi
}

show_manifest "$manifest" manifest.json
if [ -n "$local_manifest" ]; then
  show_manifest "$local_manifest" local.json
fi

exec python3 - manifest.json ${local_manifest:+local.json} <<'PY'
import copy, json, re, sys

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
    git = [s for s in sources if s.get("type") == "git"]
    if len(sources) != 1 or len(git) != 1:
        failures.append(f"hrm-users must be built from one git source, not {sources}")
    else:
        src = git[0]
        if not str(src.get("url", "")).startswith("https://"):
            failures.append(f"hrm-users' git url is not https: {src.get('url')!r}")
        if not src.get("tag"):
            failures.append("hrm-users' git source names no tag")
        if "branch" in src:
            failures.append("hrm-users' git source follows a branch; Flathub wants a tag")
        if "commit" in src and not re.fullmatch(r"[0-9a-f]{40}", str(src["commit"])):
            failures.append(f"hrm-users' git commit is not a full hash: {src['commit']!r}")

def without_app_sources(manifest):
    manifest = copy.deepcopy(manifest)
    for mod in manifest.get("modules", []):
        if isinstance(mod, dict) and mod.get("name") == "hrm-users":
            mod.pop("sources", None)
    return manifest

if len(sys.argv) > 2:
    with open(sys.argv[2], encoding="utf-8") as f:
        local = json.load(f)
    if without_app_sources(local) != without_app_sources(m):
        failures.append("the local manifest differs from the Flathub one in more than the source")
    local_app = [mod for mod in local.get("modules", [])
                 if isinstance(mod, dict) and mod.get("name") == "hrm-users"]
    if not local_app or not any(s.get("type") == "dir" and s.get("path") == ".."
                                for s in local_app[0].get("sources", [])):
        failures.append("the local manifest does not build the checkout (type dir, path ..)")

for f in failures:
    print(f)
if failures:
    sys.exit(1)
print("The manifest parses cleanly; finish-args:", " ".join(args))
PY
