#!/usr/bin/python3
# test-a11y.py — the seed flow with a screen reader's view of the app
#
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the real hrm-users program against a real demo hrm-server and drives it
# through AT-SPI alone, as Orca would see it: the sign-in page, the users list
# and a user's page. On every screen each control (button, toggle, list item,
# combo box…) must have a name a person can hear — not empty, not a GTK class
# name such as "GtkToggleButton" — and what is not on screen (other stack
# pages) must not be in the tree. A linked user's email cannot be changed:
# its rows must not say they are editable.
#
#   test-a11y.py HRM-USERS
#
# Needs python3-pyatspi and at-spi2-core (build-aux/deps.txt); tests/meson.build
# runs it under tests/with-session.sh --display, whose private session bus has
# no services, so this script starts the accessibility bus itself. Exit 77
# (skipped) only when those are not installed.

import os
import re
import subprocess
import sys
import tempfile
import threading
import ctypes
import faulthandler
import shutil
import signal
import time

# The suite's G_DEBUG=fatal-warnings is for the app, not for this script: in
# here libatspi warns (and would then trap) whenever it asks an application
# for its cache before the application has published it. GLib reads G_DEBUG
# when it is loaded, which is at the import of pyatspi below.
APP_G_DEBUG = os.environ.pop('G_DEBUG', None)

SKIP = 77
BUS_LAUNCHER = '/usr/libexec/at-spi-bus-launcher'
TIMEOUT = 60
# The whole run, inside meson's limit for it (tests/ui/meson.build: 300 s, three
# times that in build-aux/test.sh's ASan pass, which sets ASAN_OPTIONS): past
# this the script says where it and the app are, and fails.
WATCHDOG = int(os.environ.get('HRM_A11Y_WATCHDOG', 780 if 'ASAN_OPTIONS' in os.environ else 270))
# An accessible tree of this app is a few hundred nodes deep in nothing; a walk
# that meets more has met a cycle (or a list that grows without end).
MAX_NODES = 20000
MAX_DEPTH = 80
STARTED = time.monotonic()

try:
    import pyatspi
except ImportError:
    print('python3-pyatspi is not installed: skipped')
    sys.exit(SKIP)
if not os.access(BUS_LAUNCHER, os.X_OK):
    print('at-spi2-core is not installed: skipped')
    sys.exit(SKIP)

# Roles a user acts on: each must say what it is.
CONTROLS = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LIST_ITEM,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
}
# What GTK says when it has nothing better: the widget's type name.
CLASS_NAME = re.compile(r'^(Gtk|Adw|Hrm)[A-Z][A-Za-z]*$')


def said_twice(name):
    """GTK 4.8 names a button with a label "_Save Save"."""
    half = len(name) // 2
    return len(name) > 2 and name[half] == ' ' and name[:half].replace('_', '') == name[half + 1:]

failures = []


def fail(screen, message):
    # A list has many rows alike: say each problem once.
    line = '%s: %s' % (screen, message)
    if line not in failures:
        failures.append(line)
        print('FAIL ' + line, flush=True)


def describe(role, name):
    return '[%s] %r' % (getattr(role, 'value_nick', role), name)


def walk(acc, path=(), budget=None):
    """Every accessible under @acc as (accessible, role, name, path), path
    being the descriptions of its ancestors. Each node is asked for its role,
    name and children once: every question is a D-Bus round trip into the
    app, and the ASan pass makes each slow (tests/ui/meson.build)."""
    if budget is None:
        budget = [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0 or len(path) > MAX_DEPTH:
        raise SystemExit('the accessible tree has more than %d nodes or is deeper than %d: '
                         'a cycle? (at %s)' % (MAX_NODES, MAX_DEPTH, ' > '.join(path[-4:])))
    try:
        role, name, n_children = acc.getRole(), acc.name, acc.childCount
    except Exception:  # it went away while we looked
        return
    yield acc, role, name, path
    here = path + (describe(role, name),)
    for i in range(n_children):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:  # a child that went away while we looked
            continue
        if child is not None:
            yield from walk(child, here, budget)


def wait_for(what, predicate):
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            found = predicate()
        except Exception:  # the tree changes under us
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise SystemExit('timed out waiting for %s' % what)


def app_frame():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == 'hrm-users':
            for window in app:
                if window is not None and window.getRole() == pyatspi.ROLE_FRAME:
                    return window
    return None


def find(root, role, name=None, match=None):
    for acc, acc_role, acc_name, _ in walk(root):
        if acc_role != role:
            continue
        if name is not None and acc_name != name:
            continue
        if match is not None and not match(acc):
            continue
        return acc
    return None


def names(root):
    return {name for _, _, name, _ in walk(root)}


def check_screen(screen, root, absent=()):
    """Every control is named in words, and nothing from @absent (texts of
    other screens) is in the tree."""
    n_controls = 0
    present = set()
    for _, role, name, path in walk(root):
        present.add(name)
        if role not in CONTROLS:
            continue
        n_controls += 1
        name = name.strip()
        what = describe(role, name)
        where = ' > '.join(path[-3:])
        if name == '':
            fail(screen, '%s has no name (under %s)' % (what, where))
        elif CLASS_NAME.match(name):
            fail(screen, '%s is named after its class (under %s)' % (what, where))
        elif said_twice(name):
            fail(screen, '%s says its label twice (under %s)' % (what, where))
    print('%s: %d controls checked (%.1f s)' % (screen, n_controls, time.monotonic() - STARTED),
          flush=True)
    for text in absent:
        if text in present:
            fail(screen, '"%s" (another screen) is still in the tree' % text)


def busy(root):
    """Something under @root says it is still loading."""
    return any(acc.getState().contains(pyatspi.STATE_BUSY) for acc, _, _, _ in walk(root))


def row_of(users, name):
    """The index (plus one, so that the first is true) of the list item that
    shows @name: by its name ("Karin Persson, karin.persson, Linked as …"; a
    row off screen has no text of its own yet) or by its text (it may not be
    named yet)."""
    for i in range(users.childCount):
        if any(n == name or n.startswith(name + ', ') for n in names(users.getChildAtIndex(i))):
            return i + 1
    return None


def click(button):
    action = button.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate'):
            action.doAction(i)
            return
    action.doAction(0)


def set_text(entry, text):
    entry.queryEditableText().setTextContents(text)


def die_with_us():
    """Run in each child before it execs: if this script dies — a signal
    ends it before its finally: can stop them — the children get SIGTERM
    instead of living on and holding the test's output open until meson's
    timeout."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_server(tmp):
    server = os.environ.get('HRM_SERVER_PATH')
    if not server:
        print('HRM_SERVER_PATH is not set (a build without the server): skipped')
        sys.exit(SKIP)
    password_file = os.path.join(tmp, 'password')
    with open(password_file, 'w') as f:
        f.write('a11y-test-password-1')
    out = open(os.path.join(tmp, 'server.out'), 'w+')
    proc = subprocess.Popen([server, '--listen', '127.0.0.1:0', '--db', os.path.join(tmp, 'hrm.db'),
                             '--mail-dir', os.path.join(tmp, 'mail'), '--demo',
                             '--demo-password-file', password_file,
                             # the app's password sign-in (the test-only grant)
                             '--allow-password-grant'], stdout=out,
                            preexec_fn=die_with_us)

    def url():
        out.seek(0)
        m = re.search(r'^Listening on (\S+?)/?$', out.read(), re.M)
        return m.group(1) if m else None
    return proc, wait_for('hrm-server to listen', url), 'a11y-test-password-1'


def stop(procs):
    """Politely first: the bus launcher takes its bus down with it."""
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def watchdog(procs, app):
    """Past WATCHDOG seconds, say where this script and the app are, stop
    them, and fail. A thread: the main one may be inside a D-Bus call."""
    print('FAIL still running after %d s; where this script is:' % WATCHDOG, flush=True)
    faulthandler.dump_traceback(all_threads=True)
    if shutil.which('gdb') and app.poll() is None:
        print('where the app is:', flush=True)
        subprocess.run(['gdb', '-p', str(app.pid), '-batch', '-nx',
                        '-ex', 'thread apply all bt 30'],
                       stdin=subprocess.DEVNULL, timeout=120, check=False)
    stop(procs)
    os._exit(1)


def main():
    if len(sys.argv) != 2:
        raise SystemExit('usage: test-a11y.py HRM-USERS')
    program = sys.argv[1]
    procs = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            procs.append(subprocess.Popen([BUS_LAUNCHER], preexec_fn=die_with_us))
            subprocess.run(['gdbus', 'wait', '--session', '--timeout', '10', 'org.a11y.Bus'],
                           check=True)
            server, url, password = start_server(tmp)
            procs.append(server)

            env = dict(os.environ)
            env.pop('GTK_A11Y', None)  # the suite's default silences it
            env.pop('NO_AT_BRIDGE', None)
            if APP_G_DEBUG is not None:
                env['G_DEBUG'] = APP_G_DEBUG
            if 'ASAN_OPTIONS' in env:
                # build-aux/test.sh's ASan pass unwinds every allocation
                # slowly, for its leak suppressions; every AT-SPI question
                # allocates in the app, and that made this test take 13
                # minutes. The app's leaks are what the other UI tests check.
                env['ASAN_OPTIONS'] += ':fast_unwind_on_malloc=1:detect_leaks=0'
            app = subprocess.Popen([program], env=env, preexec_fn=die_with_us)
            procs.append(app)
            timer = threading.Timer(WATCHDOG, watchdog, (procs, app))
            timer.daemon = True
            timer.start()
            run(url, password)
            timer.cancel()
    finally:
        stop(procs)

    if failures:
        print('%d problems' % len(failures))
        sys.exit(1)
    print('every control is named')


def run(url, password):
    # 1. The sign-in page.
    frame = wait_for('the window', app_frame)
    server_row = wait_for('the sign-in form',
                          lambda: find(frame, pyatspi.ROLE_TEXT, 'Server address'))
    check_screen('sign-in page', frame, absent=('Select a user', 'Users'))

    set_text(server_row, url)
    # The password form shows once the server said it allows passwords (this
    # one runs with --allow-password-grant); Sign In with Browser is above it.
    username = wait_for('the password form',
                        lambda: find(frame, pyatspi.ROLE_TEXT, 'Username'))
    check_screen('sign-in page with the password form', frame,
                 absent=('Select a user', 'Users', 'Open the Browser Again'))
    set_text(username, 'admin')
    set_text(find(frame, pyatspi.ROLE_TEXT, 'Password'), password)
    sign_in = wait_for('Sign in to be sensitive', lambda: find(
        frame, pyatspi.ROLE_PUSH_BUTTON,
        match=lambda a: a.name == 'Sign In' and a.getState().contains(pyatspi.STATE_SENSITIVE)))
    click(sign_in)

    # 2. The users list, filled.
    users = wait_for('the users list', lambda: find(frame, pyatspi.ROLE_LIST, 'Users'))
    index = wait_for('Karin Persson in the list', lambda: row_of(users, 'Karin Persson'))
    check_screen('users list', frame, absent=('Server address', 'Sign In'))

    # 3. A linked user's page, opened by selecting the row.
    users.querySelection().selectChild(index - 1)
    email = wait_for('the user page', lambda: find(frame, pyatspi.ROLE_TEXT, 'Email'))
    wait_for('the user to load', lambda: find(frame, pyatspi.ROLE_PUSH_BUTTON,
                                              match=lambda a: 'Delete connection' in a.name))
    check_screen('user page', frame, absent=('Select a user', 'The user could not be loaded'))
    for title in ('Email', 'Confirm email'):
        row = find(frame, pyatspi.ROLE_TEXT, title)
        if row is None:
            continue
        if row.getState().contains(pyatspi.STATE_EDITABLE):
            fail('user page', 'the linked user\'s "%s" row says it is editable' % title)

    # 4. The user's other tabs, picked from the tab list.
    tabs = find(frame, pyatspi.ROLE_PAGE_TAB_LIST)
    if tabs is None:
        fail('user page', 'no tab list')
        return
    for i in range(1, tabs.childCount):
        name = tabs.getChildAtIndex(i).name
        click(tabs.getChildAtIndex(i))
        wait_for('the %s tab' % name, lambda: tabs.getChildAtIndex(i).getState().contains(
            pyatspi.STATE_SELECTED) or tabs.getChildAtIndex(i).getState().contains(
            pyatspi.STATE_CHECKED))
        # Its list loads when it opens; the tab says it is busy until then.
        wait_for('the %s tab to load' % name, lambda: not busy(frame))
        check_screen('%s tab' % name, frame)


if __name__ == '__main__':
    main()
