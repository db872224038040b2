#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The HRM Users authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/app-perf.py — the client half of issue 13's table, in one run, side by side.
# Run it through bench/app-perf.sh (which gives it Xvfb, a private D-Bus session
# and an unlocked keyring). Figures, never pass/fail.
#
# Every program is started the same way and timed from just before exec on
# CLOCK_MONOTONIC:
#   map        the first top-level window mapped on the X server (bench/x-map-wait.c);
#              the one measure gnome-text-editor allows, taken for all three
#   frame      the first frame painted (frame clock "after-paint"): bench/bare-window.c,
#              bench/floor-window.c and HRM Users' bench hook (HRM_BENCH, src/app/hrm-bench.c)
#   populated  HRM Users only: the first frame after the first page of users was in the list
# then, after IDLE seconds, VmRSS. Start-ups are interleaved (bare, the three floors,
# editor, HRM Users after/before × password/resume) RUNS times; medians are printed,
# and the median of each start's ratio to the bare window's start of the same round.
# Then a password grant and a refresh grant at /oauth/token, timed from here.
# Search: HRM_BENCH=search:WORDS types each word a letter at a time; latency is
# from the last keystroke's text change to the frame after the word's first page
# arrived. Scrolling: HRM_BENCH=scroll scrolls top → bottom and reports frame gaps.

import argparse
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

WORDS = ["berg", "nilsson", "lind", "anders", "holm", "sjö", "karl", "lundq", "eva",
         "ström", "persson", "falk", "gust", "wall", "olof", "berglund"]


def now_us():
    return time.monotonic_ns() // 1000


def read_marks(proc, until, timeout):
    """Reads 'hrm-bench EVENT US [DETAIL]' lines from proc's stderr until
    until(marks) or timeout; returns [(event, us, detail)]."""
    marks = []
    buf = b""
    end = time.monotonic() + timeout
    fd = proc.stderr.fileno()
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                m = re.match(rb"hrm-bench (\S+) (\d+) ?(.*)", line)
                if m:
                    marks.append((m.group(1).decode(), int(m.group(2)),
                                  m.group(3).decode(errors="replace")))
        if until(marks):
            break
    return marks


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_up(argv, env, target, tools, idle):
    """One start-up: (map ms, frame ms, populated ms, rss MiB)."""
    watcher = subprocess.Popen([os.path.join(tools, "x-map-wait")], stdout=subprocess.PIPE, text=True)
    assert watcher.stdout.readline().strip() == "ready"
    t0 = now_us()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    marks = []
    if target:
        marks = read_marks(proc, lambda ms: any(m[0] == target for m in ms), 60)
    try:
        mapped = int(watcher.communicate(timeout=60)[0].strip())
    except (subprocess.TimeoutExpired, ValueError):
        watcher.kill()
        mapped = None
    time.sleep(idle)
    rss = rss_kib(proc.pid)
    stop(proc)

    def at(event):
        for m in marks:
            if m[0] == event:
                return (m[1] - t0) / 1000
        return None
    if os.environ.get("TIMELINE") and marks:
        # Every mark of this run in ms from exec, the X map among them.
        events = [(m[0] + (" " + m[2] if m[2] else ""), (m[1] - t0) / 1000) for m in marks]
        if mapped:
            events.append(("(window mapped)", (mapped - t0) / 1000))
        print("    " + os.path.basename(argv[0]) + (" --password-file" if len(argv) > 1 else "") + ": " +
              ", ".join(f"{e} {t:.0f}" for e, t in sorted(events, key=lambda e: e[1])), file=sys.stderr)
    return ((mapped - t0) / 1000 if mapped else None, at("first-frame"), at("populated"),
            rss / 1024 if rss else None)


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def pct(values, p):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fmt(v, unit=""):
    return "—" if v is None else f"{v:.0f}{unit}"


def token_exchanges(url, password_path, rounds):
    """The server's answers at /oauth/token (ms, medians of rounds): a password grant, which
    checks the password's Argon2id hash, and a refresh grant, which the resume makes."""
    with open(password_path) as f:
        password = f.read().strip()

    def post(form):
        t = time.monotonic()
        with urllib.request.urlopen(url + "/oauth/token", urllib.parse.urlencode(form).encode(), 30) as r:
            answer = r.read()
        return (time.monotonic() - t) * 1000, answer

    times = {"password": [], "refresh": []}
    for _ in range(rounds):
        ms, answer = post({"grant_type": "password", "username": "admin", "password": password})
        times["password"].append(ms)
        refresh_token = re.search(rb'"refresh_token":"([^"]+)"', answer).group(1).decode()
        ms, _ = post({"grant_type": "refresh_token", "refresh_token": refresh_token})
        times["refresh"].append(ms)
    return med(times["password"]), med(times["refresh"])


def search(argv, env):
    """Search latencies (ms) for WORDS, last keystroke → painted."""
    env = dict(env, HRM_BENCH="search:" + ",".join(WORDS))
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    marks = read_marks(proc, lambda ms: any(m[0] == "done" for m in ms), 180)
    stop(proc)
    latencies = []
    for word in WORDS:
        edits = [m[1] for m in marks if m[0] == "edit" and m[2] == word]
        if not edits:
            continue
        painted = [m[1] for m in marks if m[0] == "painted" and m[2] == word and m[1] > edits[-1]]
        if painted:
            latencies.append((painted[0] - edits[-1]) / 1000)
    return latencies


def scroll(argv, env):
    env = dict(env, HRM_BENCH="scroll")
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    marks = read_marks(proc, lambda ms: any(m[0] == "done" for m in ms), 120)
    time.sleep(0.3)
    marks += read_marks(proc, lambda ms: any(m[0] == "scroll-filled" for m in ms), 5)
    stop(proc)
    result = {}
    for m in marks:
        if m[0] == "scroll-frames":
            result.update({k: int(v) for k, v in (kv.split("=") for kv in m[2].split())})
        elif m[0] in ("scroll-stop", "scroll-filled"):
            result[m[0]] = m[1]
    if "scroll-stop" in result and "scroll-filled" in result:
        result["filled_ms"] = (result["scroll-filled"] - result["scroll-stop"]) / 1000
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--before", help="a build of the code before, with the bench hook")
    ap.add_argument("--server", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--users", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--idle", type=float, default=2.0)
    ap.add_argument("--startup-only", action="store_true", help="skip search and scrolling")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="hrm-app-perf.")
    password = os.path.join(tmp, "password")
    with open(password, "w") as f:
        f.write("correct-horse-battery\n")
    os.chmod(password, 0o600)

    t = time.monotonic()
    server = subprocess.Popen([args.server, "--listen", "127.0.0.1:0", "--db", os.path.join(tmp, "hrm.db"),
                               "--mail-dir", os.path.join(tmp, "mail"), "--demo", "--demo-password-file",
                               password, "--demo-users", str(args.users),
                               # the app's password sign-in (the test-only grant)
                               "--allow-password-grant"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              env=dict(os.environ, HRM_SERVER_ACCESS_TOKEN_TTL="3600"))
    url = None
    for line in server.stdout:
        m = re.match(r"Listening on (.*?)/*$", line.strip())
        if m:
            url = m.group(1)
            break
    print(f"hrm-server with {args.users} demo users: ready in {time.monotonic() - t:.1f} s at {url}")

    builds = [("after", args.build)] + ([("before", args.before)] if args.before else [])
    base_env = dict(os.environ, GSK_RENDERER=os.environ.get("GSK_RENDERER", "cairo"),
                    GSETTINGS_BACKEND="keyfile", NO_AT_BRIDGE="1")
    base_env.pop("HRM_BENCH", None)

    def hrm(build, password_path):
        env = dict(base_env, GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), HRM_BENCH="1")
        argv = [os.path.join(build, "src/app/hrm-users")]
        if password_path:
            argv += ["--server", url, "--username", "admin", "--password-file", password_path]
        return argv, env

    variants = [("bare libadwaita window", [os.path.join(args.tools, "bare-window")], base_env, "first-frame")]
    # The floor: HRM Users' first frame without HRM Users: its widgets and 17 static rows, no data
    # to wait for (floor-window.c); "Select a user" draws the build's PNG of the avatar, as the app.
    floor_env = dict(base_env)
    avatar = os.path.join(args.build, "src", "app", "icons", "avatar-default-128.symbolic.png")
    if os.path.exists(avatar):
        floor_env["FLOOR_AVATAR_PNG"] = avatar
    variants.append(("floor: same first frame, static", [os.path.join(args.tools, "floor-window")],
                     floor_env, "first-frame"))
    variants.append(("floor, with HRM Users' libraries", [os.path.join(args.tools, "floor-window-libs")],
                     floor_env, "first-frame"))
    # The resume's floor: that window shown when the keyring's token is exchanged and the
    # first frame's four answers are in, fetched from a thread started at startup (floor-window.c,
    # FLOOR_DATA). Its token is its own (--setup, below), so the app's is not rotated under it.
    resume_floor_env = dict(floor_env, FLOOR_SERVER=url)
    variants.append(("floor, resumed: keyring and server", [os.path.join(args.tools, "floor-resume")],
                     resume_floor_env, "first-frame"))
    editor = subprocess.run(["sh", "-c", "command -v gnome-text-editor"], capture_output=True, text=True).stdout.strip()
    if editor:
        variants.append(("gnome-text-editor", [editor, "--standalone"], base_env, None))
    for name, build in builds:
        argv, env = hrm(build, password)
        variants.append((f"HRM Users {name}, password sign-in", argv, env, "populated"))
        argv, env = hrm(build, None)
        variants.append((f"HRM Users {name}, keyring resume", argv, env, "populated"))

    # The resume needs a session in the keyring and the settings: one password sign-in first;
    # so does the resume's floor.
    subprocess.run([os.path.join(args.tools, "floor-resume"), "--setup", password], env=resume_floor_env,
                   check=True)
    for name, build in builds:
        argv, env = hrm(build, password)
        start_up(argv, env, "populated", args.tools, 1.0)

    results = {v[0]: [] for v in variants}
    for run in range(args.runs):
        for name, argv, env, target in variants:
            results[name].append(start_up(argv, env, target, args.tools, args.idle))
        print(f"  start-up run {run + 1}/{args.runs} done", file=sys.stderr)

    bare = results[variants[0][0]]
    bare_frame = med([r[1] for r in bare])
    bare_map = med([r[0] for r in bare])
    bare_rss = med([r[3] for r in bare])
    print(f"\n== Start-up (medians of {args.runs}, ms from exec; interleaved) and idle RSS after {args.idle:.0f} s")
    print(f"{'':42} {'map':>6} {'frame':>6} {'populated':>9} {'× bare frame':>12} {'paired':>6} "
          f"{'RSS MiB':>8} {'− bare':>7}")

    def shown(start, against):
        # What a start is judged by: HRM Users' populated frame, a reference window's first
        # frame, the editor's map (against the bare window's map).
        mp, fr, pop, _ = start
        if pop is not None or fr is not None:
            return (pop if pop is not None else fr), against[1]
        return mp, against[0]

    for name, *_ in variants:
        r = results[name]
        mp, fr, pop, rss = (med([x[i] for x in r]) for i in range(4))
        ratio = None
        value, reference = shown((mp, fr, pop, rss), (bare_map, bare_frame))
        if value and reference:
            ratio = value / reference
        # Each start against the bare window's start of the same round, then the median:
        # the machine's drift between rounds cancels out.
        pairs = []
        for start, bare_start in zip(r, bare):
            value, reference = shown(start, bare_start)
            if value and reference:
                pairs.append(value / reference)
        paired = med(pairs)
        print(f"{name:42} {fmt(mp):>6} {fmt(fr):>6} {fmt(pop):>9} "
              f"{'—' if ratio is None else f'{ratio:.2f}':>12} "
              f"{'—' if paired is None else f'{paired:.2f}':>6} {fmt(rss):>8} "
              f"{'—' if rss is None or bare_rss is None else f'{rss - bare_rss:+.0f}':>7}")

    password_ms, refresh_ms = token_exchanges(url, password, args.runs)
    print(f"\n== The server at /oauth/token (medians of {args.runs}, ms, from this script)")
    print(f"  password grant (the password's Argon2id hash checked) {password_ms:.0f}, "
          f"refresh grant (the resume's) {refresh_ms:.0f}")

    if args.startup_only:
        stop(server)
        return

    print(f"\n== Search at {args.users} users: last keystroke → the word's rows painted (ms)")
    lat = {name: [] for name, _ in builds}
    for _ in range(2):  # interleaved
        for name, build in builds:
            argv, env = hrm(build, password)
            lat[name] += search(argv, env)
    for name, _ in builds:
        print(f"  {name:7} n={len(lat[name]):2}  p50 {fmt(pct(lat[name], 50))}  p95 {fmt(pct(lat[name], 95))}"
              f"  max {fmt(max(lat[name]) if lat[name] else None)}")

    print(f"\n== Scrolling {args.users} users top → bottom (frame clock)")
    for name, build in builds:
        argv, env = hrm(build, password)
        r = scroll(argv, env)
        frames = r.get("frames")
        print(f"  {name:7} frames {frames}  worst gap {fmt(r.get('max_gap_us', 0) / 1000)} ms"
              f"  p95 gap {fmt(r.get('p95_gap_us', 0) / 1000)} ms"
              f"  frames showing a placeholder at the top {r.get('placeholder_frames')}"
              f" ({fmt(100 * r.get('placeholder_frames', 0) / frames if frames else None)} %)"
              f"  rows filled {fmt(r.get('filled_ms'))} ms after stopping"
              f"  page requests {r.get('requests')}")

    stop(server)


if __name__ == "__main__":
    main()
