#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Stands in for a test whose tool is not installed: says so and skips.
echo "SKIP: $*"
exit 77
