#!/usr/bin/python3
"""chainscope check --nagios: the exit code and the exact line of each case
in the tables below.

  nagios_test.py CHAINSCOPE captures CAPTURES_DIR   saved captures (no lab)
  nagios_test.py CHAINSCOPE lab                     the running sample lab

Each case: arguments, the expected exit code, and the expected line up to
the time perfdata (which varies) or, against the lab (where the time left
depends on when the lab signed its zones), the parts that do not vary.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402
from monitorlib import require  # noqa: E402

chainscope, mode = sys.argv[1], sys.argv[2]
t = Tally("nagios " + mode)

PERF_TAIL = r" time=\d+\.\d{3}s;;;0"

# The saved captures break 29d 23h 59m 43s (2591983 s) after they were made
# (stale and blackhole: 42 s, made a second later).
CAPTURE_CASES = [
    # (capture, extra args, exit code, line without the time perfdata)
    ("valid.json", [], 0,
     "DNSSEC OK - www.valid.example. A secure, no findings, next break in 29d 23h | "
     "next_break=2591983s;604800:;172800:;0 errors=0;;;0 warnings=0;;;0 servers_failing=0;;;0"),
    # Signatures expire soon: at +25d 5 days are left (warning at 7d).
    ("valid.json", ["--at", "+25d"], 1,
     "DNSSEC WARNING - www.valid.example. A secure, no findings, next break in 4d 23h | "
     "next_break=431983s;604800:;172800:;0 errors=0;;;0 warnings=0;;;0 servers_failing=0;;;0"),
    ("valid.json", ["--warning", "40d"], 1,
     "DNSSEC WARNING - www.valid.example. A secure, no findings, next break in 29d 23h | "
     "next_break=2591983s;3456000:;172800:;0 errors=0;;;0 warnings=0;;;0 servers_failing=0;;;0"),
    ("valid.json", ["--critical", "31d", "--warning", "60d"], 2,
     "DNSSEC CRITICAL - www.valid.example. A secure, no findings, next break in 29d 23h | "
     "next_break=2591983s;5184000:;2678400:;0 errors=0;;;0 warnings=0;;;0 servers_failing=0;;;0"),
    # Thresholds in minutes and hours: 90m critical, 12h warning; 23h 59m left.
    ("valid.json", ["--at", "+29d", "--warning", "12h", "--critical", "90m"], 1,
     "DNSSEC WARNING - www.valid.example. A secure, warning RRSIG_EXPIRING in ., next break "
     "in 23h 59m | next_break=86383s;43200:;5400:;0 errors=0;;;0 warnings=1;;;0 "
     "servers_failing=0;;;0"),
    ("expired.json", [], 2,
     "DNSSEC CRITICAL - www.expired.example. A bogus, error RRSIG_EXPIRED in expired.example., "
     "next break in 29d 23h | next_break=2591983s;604800:;172800:;0 errors=1;;;0 warnings=0;;;0 "
     "servers_failing=0;;;0"),
    ("island.json", [], 1,
     "DNSSEC WARNING - www.island.example. A insecure, warning DS_MISSING in island.example., "
     "next break in 29d 23h | next_break=2591983s;604800:;172800:;0 errors=0;;;0 warnings=1;;;0 "
     "servers_failing=0;;;0"),
    ("island.json", ["--expect", "secure"], 2,
     "DNSSEC CRITICAL - www.island.example. A insecure (expected secure), warning DS_MISSING in "
     "island.example., next break in 29d 23h | next_break=2591983s;604800:;172800:;0 "
     "errors=0;;;0 warnings=1;;;0 servers_failing=0;;;0"),
    ("unsigned.json", ["--expect", "insecure"], 0,
     "DNSSEC OK - www.unsigned.example. A insecure, no findings, next break in 29d 23h | "
     "next_break=2591983s;604800:;172800:;0 errors=0;;;0 warnings=0;;;0 servers_failing=0;;;0"),
    # Some servers fail: secure for resolvers that retry, but an error.
    ("stale.json", [], 2,
     "DNSSEC CRITICAL - www.stale.example. A secure, error RRSIG_EXPIRED in stale.example., "
     "next break in 29d 23h | next_break=2591982s;604800:;172800:;0 errors=2;;;0 warnings=2;;;0 "
     "servers_failing=1;;;0"),
    ("blackhole.json", [], 1,
     "DNSSEC WARNING - www.blackhole.example. A secure, warning SERVER_TIMEOUT in "
     "blackhole.example., next break in 29d 23h | next_break=2591982s;604800:;172800:;0 "
     "errors=0;;;0 warnings=1;;;0 servers_failing=1;;;0"),
]

# Plugin-mode errors: UNKNOWN (3) and one line, exactly.
ERROR_CASES = [
    (["--capture", "valid.json", "--warning", "soon"], 3,
     "DNSSEC UNKNOWN - invalid arguments: --warning 'soon' is not a duration (90m, 12h, 7d)"),
    (["--capture", "valid.json", "--expect", "bogus"], 3,
     "DNSSEC UNKNOWN - invalid arguments: --expect 'bogus' is not secure or insecure"),
    (["--capture", "valid.json", "--json"], 3,
     "DNSSEC UNKNOWN - invalid arguments: --nagios prints one line: no --json, -i, --metrics "
     "or report on standard output"),
    (["--capture", "no-such-capture.json"], 3,
     "DNSSEC UNKNOWN - cannot read an input file (see standard error)"),
]

LINE = re.compile(
    r"^DNSSEC (OK|WARNING|CRITICAL|UNKNOWN) - (\S+) (\S+) (secure|insecure|bogus|indeterminate)"
    r"( \(expected \w+\))?, (no findings|(error|warning|notice) [A-Z0-9_]+ in \S+), "
    r"(next break in (\d+d \d+h|\d+h \d+m|\d+m \d+s|\d+s)|no next break) \| "
    r"next_break=(\d+s|U);(\d+):;(\d+):;0 errors=(\d+);;;0 warnings=(\d+);;;0 "
    r"servers_failing=(\d+);;;0 time=\d+\.\d{3}s;;;0$")


def run(args, cwd=None):
    r = subprocess.run([chainscope, "check", "--nagios"] + args, capture_output=True,
                       text=True, timeout=120, cwd=cwd)
    return r.returncode, r.stdout


STATUS_CODE = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}


def check_line(what, out, code):
    lines = out.splitlines()
    t.check(len(lines) == 1, f"{what}: one line, got {out!r}")
    m = LINE.match(lines[0]) if lines else None
    t.check(m is not None, f"{what}: line format: {out!r}")
    if m:
        t.check(STATUS_CODE[m.group(1)] == code, f"{what}: status {m.group(1)} vs exit {code}")
    return m


if mode == "captures":
    caps = sys.argv[3]
    for cap, extra, code, line in CAPTURE_CASES:
        what = " ".join([cap] + extra)
        rc, out = run(["--capture", cap] + extra, cwd=caps)
        t.check(rc == code, f"{what}: exit {rc}, expected {code}")
        check_line(what, out, rc)
        t.check(re.fullmatch(re.escape(line) + PERF_TAIL + "\n", out) is not None,
                f"{what}:\n  got      {out!r}\n  expected {line!r}")
    for args, code, line in ERROR_CASES:
        rc, out = run(args, cwd=caps)
        t.check(rc == code and out == line + "\n", f"{args}: exit {rc} {out!r}, expected {line!r}")
    # --warning without --nagios is a plain usage error.
    r = subprocess.run([chainscope, "check", "--capture", "valid.json", "--warning", "3d"],
                       capture_output=True, text=True, cwd=caps)
    t.check(r.returncode == 64 and r.stdout == "", f"--warning without --nagios: {r.returncode}")
    sys.exit(t.finish())

# The lab.
env = require("nagios_test")
PROBE = ["--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
         "--timeout", "0.5", "--retries", "0", "-q"]

LAB_CASES = [
    # (name, extra args, exit, verdict text, worst finding or "no findings", servers failing)
    ("www.valid.example.", [], 0, "secure", "no findings", 0),
    ("www.valid-nsec3.lab.", [], 0, "secure", "no findings", 0),
    ("www.expired.example.", [], 2, "bogus", "error RRSIG_EXPIRED in expired.example.", 0),
    ("www.ds-baddigest.example.", [], 2, "bogus",
     "error DS_DIGEST_MISMATCH in ds-baddigest.example.", 0),
    ("www.island.example.", [], 1, "insecure", "warning DS_MISSING in island.example.", 0),
    ("www.unsigned.example.", ["--expect", "insecure"], 0, "insecure", "no findings", 0),
    ("www.unsigned.example.", ["--expect", "secure"], 2, "insecure (expected secure)",
     "no findings", 0),
    # Signatures that expire soon: 5 days left at +25d, or a 40-day --warning.
    ("www.valid.example.", ["--at", "+25d"], 1, "secure", "no findings", 0),
    ("www.valid.example.", ["--warning", "40d"], 1, "secure", "no findings", 0),
    ("www.valid.example.", ["--at", "+25d", "--critical", "6d"], 2, "secure", "no findings", 0),
    ("www.stale.example.", [], 2, "secure", "error RRSIG_EXPIRED in stale.example.", 1),
    ("www.blackhole.example.", [], 1, "secure", "warning SERVER_TIMEOUT in blackhole.example.", 1),
]
for name, extra, code, verdict, worst, failing in LAB_CASES:
    what = " ".join([name] + extra)
    rc, out = run([name] + PROBE + extra)
    t.check(rc == code, f"{what}: exit {rc}, expected {code}: {out!r}")
    m = check_line(what, out, rc)
    if m:
        t.check(m.group(2) == name and m.group(3) == "A", f"{what}: name and type: {out!r}")
        t.check((m.group(4) + (m.group(5) or "")) == verdict, f"{what}: verdict {out!r}")
        t.check(m.group(6) == worst, f"{what}: worst finding {m.group(6)!r}, expected {worst!r}")
        t.check(int(m.group(15)) == failing, f"{what}: servers_failing {m.group(15)}")
        t.check(m.group(8) != "no next break" and m.group(10) != "U", f"{what}: a next break")

# The probe cannot reach any server (nothing listens on port 1 of the lab's
# root addresses): indeterminate, UNKNOWN.
probe_dead = [a if a != env["LAB_PORT"] else "1" for a in PROBE]
rc, out = run(["www.valid.example."] + probe_dead)
t.check(rc == 3, f"unreachable: exit {rc}: {out!r}")
m = check_line("unreachable", out, rc)
t.check(m is not None and m.group(1) == "UNKNOWN" and m.group(4) == "indeterminate"
        and m.group(8) == "no next break" and m.group(10) == "U", f"unreachable: {out!r}")
# The probe cannot run at all (hints missing): UNKNOWN with the reason.
rc, out = run(["www.valid.example.", "--hints", "/nonexistent/root.hints"] + PROBE[2:])
t.check(rc == 3 and out == "DNSSEC UNKNOWN - www.valid.example. A cannot read an input file "
        "(see standard error)\n", f"no hints: exit {rc}: {out!r}")
sys.exit(t.finish())
