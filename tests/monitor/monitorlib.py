"""What the monitoring tests share: the lab and tools they need (missing
ones skip the test, exit 77, or fail it under CI=true: testlib's one rule),
and the lab's scenarios."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import require_lab, unavailable  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def require(test, tools=(), lab=True):
    """Check the tools are installed and, when lab is true, that the sample
    lab runs; returns its settings (lab_env), or None without lab."""
    for tool in tools:
        if shutil.which(tool) is None:
            unavailable(test, f"{tool} is missing (scripts/install-deps installs it)")
    if not lab:
        return None
    return require_lab(test)


def scenarios(env):
    """{scenario id: (qname, qtype)} of the running lab."""
    out = {}
    for line in open(env["LAB_SCENARIOS"]):
        if not line.startswith("id\t"):
            sid, qname, qtype, _exp, _desc = line.rstrip("\n").split("\t")
            out[sid] = (qname, qtype)
    return out
