#!/usr/bin/python3
"""Every command answers --help and -h with its own usage, options and an
example, exit 0; unknown options and options of other commands are usage
errors; --version names the libraries chainscope runs with.

usage: help_test.py CHAINSCOPE [EXPECTED_CARES_VERSION]
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

chainscope = sys.argv[1]
want_cares = sys.argv[2] if len(sys.argv) > 2 else None
t = Tally("cli help")


def run(*args):
    return subprocess.run([chainscope] + list(args), capture_output=True, text=True, timeout=30)


# Each command, options its help must list, and options it must not.
COMMANDS = {
    "check": (["--hints", "--anchor", "--capture", "--at", "--json", "--svg", "--html", "-i",
               "--ds", "--max-queries"], ["--jobs", "--resume"]),
    "tui": (["--capture", "--at", "--hints", "--ds"], ["--json", "--svg", "--jobs"]),
    "batch": (["--jobs", "--max-inflight", "--resume", "--no-cache", "--at", "--hints"],
              ["--svg", "--capture", "--ns"]),
    "probe": (["--hints", "--anchor", "--port", "--ns", "-o, --output", "--resolver"],
              ["--json", "--at", "--capture", "--jobs"]),
    "capture": ([], ["--hints"]),
    "decode": ([], ["--hints"]),
    "version": ([], ["--hints"]),
    "completion": ([], ["--hints"]),
}
for cmd, (has, hasnt) in COMMANDS.items():
    for flag in ("--help", "-h"):
        r = run(cmd, flag)
        out = r.stdout
        t.check(r.returncode == 0, "%s %s: exit %d (%s)" % (cmd, flag, r.returncode, r.stderr.strip()))
        t.check(out.startswith("usage: chainscope " + cmd), "%s %s: starts with its usage" % (cmd, flag))
        t.check("\nexample:\n  chainscope " + cmd in out, "%s %s: an example of the command" % (cmd, flag))
        t.check("-h, --help" in out, "%s %s: lists --help" % (cmd, flag))
        for o in has:
            t.check(re.search(r"^  (-\w, )?%s\b" % re.escape(o), out, re.M) is not None,
                    "%s %s: lists %s" % (cmd, flag, o))
        for o in hasnt:
            t.check(re.search(r"^  (-\w, )?%s\b" % re.escape(o), out, re.M) is None,
                    "%s %s: does not list %s" % (cmd, flag, o))

# Help wins wherever it stands, but an option's value is not a request.
r = run("check", "www.example.", "--port", "5300", "--help")
t.check(r.returncode == 0 and r.stdout.startswith("usage: chainscope check"), "check NAME ... --help")
r = run("capture", "show", "--help")
t.check(r.returncode == 0 and r.stdout.startswith("usage: chainscope capture"), "capture show --help")
r = run("help", "probe")
t.check(r.returncode == 0 and r.stdout == run("probe", "--help").stdout, "help probe = probe --help")
for args in (["--help"], ["-h"], ["help"]):
    r = run(*args)
    t.check(r.returncode == 0 and "check" in r.stdout and "batch" in r.stdout,
            "%s: the command list" % " ".join(args))

# Usage errors: unknown options, options of another command.
for args in (["check", "--no-such-option"], ["check", "--jobs", "3", "x."],
             ["probe", "x.", "--json"], ["tui", "--svg", "a.svg"], ["help", "nonsense"],
             ["completion", "fish"], ["nonsense"]):
    r = run(*args)
    t.check(r.returncode == 64 and r.stderr, "%s: usage error 64 (%d)" % (" ".join(args), r.returncode))
r = run("probe", "x.", "--json")
t.check("--json does not apply to probe" in r.stderr, "probe --json: says why (%s)" % r.stderr.strip())

# --version: ours, then each library as loaded.
for args in (["--version"], ["version"]):
    r = run(*args)
    lines = r.stdout.splitlines()
    t.check(r.returncode == 0 and len(lines) == 5, "%s: five lines (%s)" % (args[0], lines))
    t.check(lines and re.fullmatch(r"chainscope \d+\.\d+\.\d+", lines[0]), "%s: chainscope's version" % args[0])
    for i, lib in enumerate(("c-ares ", "OpenSSL ", "Graphviz ", "ncurses ")):
        t.check(len(lines) > i + 1 and re.match(re.escape(lib) + r"\d+\.\d+", lines[i + 1]),
                "%s: names %s(%s)" % (args[0], lib, lines[i + 1] if len(lines) > i + 1 else None))
    if want_cares:
        t.check(len(lines) > 1 and lines[1] == "c-ares " + want_cares,
                "%s: runs with c-ares %s (%s)" % (args[0], want_cares, lines[1:2]))

sys.exit(t.finish())
