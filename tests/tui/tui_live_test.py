#!/usr/bin/env python3
"""The terminal inspector while it probes the sample lab: the tree fills in
as the probe finds the zones (before the verdict), the status line shows
progress, and the real analysis replaces the provisional tree.

usage: tui_live_test.py CHAINSCOPE   (the lab must run: samples/lab/lab start)
The lab's blackhole scenario has a server that never answers, so with
--timeout 2 the probe takes about two seconds: time to watch it.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally, require_lab, unavailable  # noqa: E402

exe = os.path.abspath(sys.argv[1])
env = require_lab("tui_live_test")
if shutil.which("tmux") is None:
    unavailable("tui_live_test", "tmux is not installed (scripts/install-deps)")

tally = Tally("tui live")
check = tally.check
sock = "cs-tui-live-%d" % os.getpid()


def tmux(*args):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null"] + list(args),
                          capture_output=True, text=True)


def pane():
    return tmux("capture-pane", "-p").stdout


cmd = ("before=$(stty -g); TERM=xterm-256color LANG=C.UTF-8 %s tui www.blackhole.example "
       "--hints %s --anchor %s --port %s --timeout 2 --retries 0; rc=$?; after=$(stty -g); "
       "[ \"$before\" = \"$after\" ] && s=SANE || s=INSANE; echo \"$s rc=$rc\"; sleep 30"
       % (exe, env["LAB_HINTS"], env["LAB_ANCHOR_DS"], env["LAB_PORT"]))
tmux("new-session", "-d", "-x", "100", "-y", "30", cmd)
try:
    provisional = final = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        t = pane()
        tree = t.split("-- detail")[0].split("\n", 1)[-1]  # rows under the title
        if "probing" in t and "blackhole.example." in tree and provisional is None:
            provisional = t
        if "A: secure" in t.split("\n", 1)[0] and "probing" not in t:
            final = t
            break
        time.sleep(0.05)
    check(provisional is not None,
          "while probing, the tree shows blackhole.example. before the verdict")
    if provisional:
        head = provisional.split("\n", 1)[0]
        check("indeterminate" in head, "the provisional title is indeterminate: " + head)
        check("DS not known at example." in provisional,
              "a provisional delegation says the DS is not known yet:\n" + provisional)
        check("queries sent" in provisional, "the status line shows progress")
    check(final is not None, "the verdict (secure) replaces the provisional tree")
    if final:
        # One warning, on the blackhole's servers (one of its two addresses
        # never answers); n jumps to it and the detail names its code.
        check("0 errors, 1 warning" in final.split("\n", 1)[0],
              "the title counts the blackhole's one warning: " + final.split("\n", 1)[0])
        rows = final.split("-- detail")[0].split("\n")
        zone = [i for i, r in enumerate(rows) if r.strip().endswith("blackhole.example. (1 finding)")]
        servers = [r for r in rows[zone[0]:] if "servers, 2 addresses" in r] if zone else []
        check(zone and servers and servers[0].rstrip().endswith("(1 finding)"),
              "the final tree puts the finding on blackhole.example.'s servers:\n" + final)
        tmux("send-keys", "n")
        shown = ""
        for _ in range(50):
            time.sleep(0.1)
            shown = pane()
            if "SERVER_TIMEOUT" in shown:
                break
        check("WARNING SERVER_TIMEOUT" in shown, "n shows the finding SERVER_TIMEOUT:\n" + shown)
        check("DS at example." in final and "DS not known" not in final,
              "the final tree has the real delegations")
    tmux("send-keys", "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "rc=" not in pane():
        time.sleep(0.1)
    check("SANE rc=0" in pane(), "q leaves a sane terminal and exit 0: " + pane()[-200:])
finally:
    tmux("kill-server")
sys.exit(tally.finish())
