"""What the monitoring tests share: the lab and tools they need (missing
ones skip the test, exit 77, or fail it under CI=true), and the lab's
scenarios."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import lab_env  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def unavailable(test, why):
    """Skip (exit 77), or fail under CI, saying what is missing."""
    if os.environ.get("CI") == "true":
        print("FAIL:", why)
        sys.exit(1)
    print(f"{test}: {why}: skipped")
    sys.exit(77)


def require(test, tools=(), lab=True):
    """Check the tools are installed and, when lab is true, that the sample
    lab runs; returns its settings (lab_env), or None without lab."""
    for tool in tools:
        if shutil.which(tool) is None:
            unavailable(test, f"{tool} is missing (scripts/install-deps installs it)")
    if not lab:
        return None
    env = lab_env()
    if env is None or subprocess.run(
            [os.path.join(ROOT, "samples", "lab", "lab"), "status", "--dir", env["LAB_DIR"]],
            capture_output=True).returncode != 0:
        unavailable(test, "the sample lab is not running (samples/lab/lab start --with-unbound)")
    return env


def scenarios(env):
    """{scenario id: (qname, qtype)} of the running lab."""
    out = {}
    for line in open(env["LAB_SCENARIOS"]):
        if not line.startswith("id\t"):
            sid, qname, qtype, _exp, _desc = line.rstrip("\n").split("\t")
            out[sid] = (qname, qtype)
    return out
