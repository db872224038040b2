#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/import-preview.py — what an import's preview costs everyone else.

  bench/import-preview.py [BUILD-DIR [BEFORE-BUILD-DIR]]   (default: _build)

Seeds a demo database of USERS (default 100 000) users with BUILD-DIR's
hrm-server, then, for each build (interleaved, RUNS rounds, default 3),
previews a set_email file of one row per user (a new address each: the
largest file the API takes, 100 000 rows) while another client asks for
GET /api/v1/organisation every 5 ms. Prints the preview's own time and the
other client's wait: its median and its worst, beside its median with no
preview running (the reference). The worst is how long the server answered
nobody. Figures only; never pass/fail. Method and figures: bench/README.md.
"""

import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

PASSWORD = 'correct-horse-battery'


def start(server, db, tmp, users):
    p = subprocess.Popen([server, '--listen', '127.0.0.1:0', '--db', db, '--mail-dir', tmp + '/mail',
                          '--demo', '--demo-password-file', tmp + '/password',
                          '--demo-users', str(users), '--allow-password-grant'],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         env=dict(os.environ, HRM_SERVER_ACCESS_TOKEN_TTL='3600'))
    for line in p.stdout:
        m = re.match(r'Listening on (\S+?)/*$', line.strip())
        if m:
            base = m.group(1)
            break
    else:
        sys.exit('hrm-server did not start')
    form = urllib.parse.urlencode({'grant_type': 'password', 'username': 'admin',
                                   'password': PASSWORD}).encode()
    token = json.load(urllib.request.urlopen(base + '/oauth/token', form))['access_token']
    return p, base, {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}


def probe(base, headers, stop, out):
    request = urllib.request.Request(base + '/api/v1/organisation', headers=headers)
    while not stop.is_set():
        t = time.monotonic()
        urllib.request.urlopen(request).read()
        out.append(time.monotonic() - t)
        time.sleep(0.005)


def probed(base, headers, action):
    stop, waits = threading.Event(), []
    thread = threading.Thread(target=probe, args=(base, headers, stop, waits))
    thread.start()
    time.sleep(0.3)
    took = action()
    time.sleep(0.3)
    stop.set()
    thread.join()
    return took, waits


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    builds = sys.argv[1:] or [os.path.join(root, '_build')]
    users = int(os.environ.get('USERS', '100000'))
    runs = int(os.environ.get('RUNS', '3'))
    tmp = tempfile.mkdtemp(prefix='hrm-bench-import.')
    try:
        with open(tmp + '/password', 'w') as f:
            f.write(PASSWORD + '\n')
        seed = tmp + '/seed.db'
        t = time.monotonic()
        p, _, _ = start(os.path.join(builds[0], 'src/server/hrm-server'), seed, tmp, users)
        p.terminate()
        p.wait()
        print('seeded %d users in %.0f s' % (users, time.monotonic() - t))
        ids = [r[0] for r in sqlite3.connect(seed).execute(
            'SELECT user_id FROM users ORDER BY id LIMIT 100000')]
        body = json.dumps({'action': 'set_email', 'dry_run': True, 'rows': [
            {'row': i + 2, 'user_id': u, 'email': 'import.%d@nordljus.example' % i}
            for i, u in enumerate(ids)]}).encode()
        print('file: %d rows, %.1f MiB of JSON' % (len(ids), len(body) / 1048576))

        results = {b: [] for b in builds}
        for run in range(runs):
            for b in builds:
                db = '%s/%d.db' % (tmp, run)
                shutil.copy(seed, db)
                p, base, headers = start(os.path.join(b, 'src/server/hrm-server'), db, tmp, users)
                _, idle = probed(base, headers, lambda: time.sleep(1.0))

                def preview():
                    t = time.monotonic()
                    r = urllib.request.urlopen(urllib.request.Request(
                        base + '/api/v1/bulk-jobs', body, headers))
                    assert json.load(r)['total'] == len(ids)
                    return time.monotonic() - t

                took, waits = probed(base, headers, preview)
                results[b].append((took, statistics.median(idle), statistics.median(waits),
                                   max(waits)))
                p.terminate()
                p.wait()
                os.remove(db)
            print('  run %d/%d done' % (run + 1, runs), file=sys.stderr)

        print('\n== A %d-row set_email preview beside GET /api/v1/organisation every 5 ms'
              ' (medians of %d runs, ms)' % (len(ids), runs))
        print('%-28s %9s %14s %16s %14s' % ('build', 'preview', 'GET, no preview',
                                            'GET during: p50', 'worst wait'))
        for b in builds:
            med = [statistics.median(r[k] for r in results[b]) * 1000 for k in range(4)]
            label = ('after ' if b == builds[0] else 'before ') + os.path.basename(b.rstrip('/'))
            print('%-28s %9.0f %14.1f %16.1f %14.0f' % (label if len(builds) > 1 else b,
                                                          med[0], med[1], med[2], med[3]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
