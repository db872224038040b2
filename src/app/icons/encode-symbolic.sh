#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# encode-symbolic.sh ENCODER SVG SIZE OUTPUT — a symbolic SVG as the
# pre-rendered symbolic PNG GTK recolours (gtk4-encode-symbolic-svg), written
# to OUTPUT (the tool names its file after the SVG; meson wants our name).
set -eu
encoder=$1 svg=$2 size=$3 output=$4
dir=$(mktemp -d "${TMPDIR:-/tmp}/hrm-encode-symbolic.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
"$encoder" -o "$dir" "$svg" "${size}x${size}"
mv "$dir"/*.symbolic.png "$output"
