"""Shared helpers for chainscope's Python test programs.

A test program counts its checks with a Tally and exits with its status:

    from testlib import Tally
    t = Tally("lab check")
    t.check(verdict == "secure", "valid: secure")
    sys.exit(t.finish())
"""
import os
import subprocess
import sys

LAB_RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "lab", "run")


def lab_env(lab=None):
    """The running lab's settings (LAB_HINTS, LAB_ANCHOR_DS, LAB_PORT...)
    from its env.sh; lab defaults to $LAB_DIR or samples/lab/run. None when
    the lab has not written one (it is not running)."""
    lab = lab or os.environ.get("LAB_DIR", LAB_RUN)
    env = {}
    try:
        for line in open(os.path.join(lab, "env.sh")):
            if "=" in line and not line.startswith(("#", "export")):
                k, v = line.strip().split("=", 1)
                env[k] = v.strip("'")
    except OSError:
        return None
    return env


def unavailable(prog, what):
    """Say what is missing and end the test: skipped (exit 77, meson's
    SKIP) on a developer's machine, failed under CI (CI=true), where
    nothing may skip."""
    ci = os.environ.get("CI", "") not in ("", "0", "false")
    print("%s: %s%s" % (prog, what, ": failing (CI=true: nothing may skip)" if ci else ": skipped"))
    sys.exit(1 if ci else 77)


def require_lab(prog, lab=None):
    """The running lab's settings (lab_env), or the end of the test through
    unavailable() when the lab is not running. The one rule for "no lab":
    `samples/lab/lab status` says whether it runs (its env.sh outlives
    `lab stop`)."""
    lab = lab or os.environ.get("LAB_DIR", LAB_RUN)
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "lab", "lab")
    running = subprocess.run([script, "status", "--dir", lab], capture_output=True).returncode == 0
    env = lab_env(lab) if running else None
    if env is None:
        unavailable(prog, "the sample lab is not running (samples/lab/lab start --with-unbound)")
    return env


class Tally:
    """Counts passed and failed checks; prints each failure as it happens."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        """Count cond; print "FAIL: what" when it is false. Returns cond."""
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what)
        return bool(cond)

    def finish(self, extra=""):
        """Print the summary line; return the exit status (1 on any failure)."""
        print("%s: %d passed, %d failed%s" % (self.name, self.passed, self.failed, extra))
        return 1 if self.failed else 0


def responder_address(subnet):
    """An address 127.53.SUBNET.X for a test responder (X odd; X+1 is left
    free for modes that use a second address), chosen from this checkout's
    path, so that suites run from several checkouts at once do not answer
    each other's queries."""
    import zlib
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return "127.53.%d.%d" % (subnet, 1 + 2 * (zlib.crc32(root.encode()) % 120))
