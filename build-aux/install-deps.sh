#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages listed in build-aux/deps.txt (and any extra
# packages given as arguments). Uses sudo when not run as root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

as_root=
if [ "$(id -u)" -ne 0 ]; then
  as_root=sudo
fi

packages=$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/deps.txt" | tr '\n' ' ')

$as_root apt-get update
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages "$@"
