#!/bin/sh
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A Swedish-speaking administrator gets the Swedish words Flex HRM uses: looks strings up in the
# hrm-users catalogue built from po/sv.po, the way the app does with LANGUAGE=sv.
#   test-swedish.sh LOCALE_DIR [DESKTOP_FILE]
# LOCALE_DIR holds sv/LC_MESSAGES/hrm-users.mo (the build tree's po/ dir works). DESKTOP_FILE, the
# merged desktop entry, must carry the Swedish comment.
set -eu

localedir=${1:?usage: test-swedish.sh LOCALE_DIR [DESKTOP_FILE]}
desktop=${2:-}

mo="$localedir/sv/LC_MESSAGES/hrm-users.mo"
if [ ! -f "$mo" ]; then
  echo "$mo was not built"
  exit 1
fi

# gettext ignores LANGUAGE in the C locale, so a real Swedish locale must exist.
if ! locale -a 2>/dev/null | grep -qix 'sv_SE\.utf-\?8'; then
  echo "SKIP: the sv_SE.UTF-8 locale is not generated (install 'locales', then"
  echo "      sed -i 's/^# *sv_SE.UTF-8/sv_SE.UTF-8/' /etc/locale.gen && locale-gen)"
  exit 77
fi
if ! command -v gettext >/dev/null 2>&1; then
  echo "SKIP: the gettext program (gettext-base) is not installed"
  exit 77
fi

status=0
expect() {
  got=$(LC_ALL=sv_SE.UTF-8 LANGUAGE=sv TEXTDOMAINDIR="$localedir" gettext -d hrm-users -- "$1")
  if [ "$got" = "$2" ]; then
    echo "ok: “$1” → “$got”"
  else
    echo "FAIL: “$1” → “$got”, expected “$2”"
    status=1
  fi
}

# msgids as the app's .ui files have them, mnemonics included.
expect "User is _enabled" "Användaren är _aktiverad"
expect "Users" "Användare"
expect "Email" "E-post"
expect "Card-/Tag-ID" "Kort-/Brick-ID"
expect "_Delete connection" "_Ta bort koppling"
expect "Send _verification email" "Skicka _verifieringsmejl"

if [ -n "$desktop" ]; then
  if grep -q '^Comment\[sv\]=' "$desktop"; then
    echo "ok: $(grep '^Comment\[sv\]=' "$desktop")"
  else
    echo "FAIL: $desktop has no Swedish Comment"
    status=1
  fi
fi
exit "$status"
