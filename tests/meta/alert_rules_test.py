#!/usr/bin/python3
"""The example alerting rules of docs/chainscope-alerts.yml: `promtool check
rules` accepts them and `promtool test rules` runs
tests/meta/alert_rules.test.yml (each alert fires when it should, with its
labels and text, and not before); `promtool check config` accepts the
example configuration docs/chainscope-prometheus.yml.

usage: alert_rules_test.py SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally, unavailable  # noqa: E402

src = sys.argv[1]
if shutil.which("promtool") is None:
    unavailable("alert_rules_test", "promtool is missing (scripts/install-deps installs the "
                "prometheus package)")
t = Tally("alert rules")
for args in (["check", "rules", os.path.join(src, "docs", "chainscope-alerts.yml")],
             ["test", "rules", os.path.join(src, "tests", "meta", "alert_rules.test.yml")],
             ["check", "config", os.path.join(src, "docs", "chainscope-prometheus.yml")]):
    r = subprocess.run(["promtool"] + args, capture_output=True, text=True, timeout=120)
    t.check(r.returncode == 0, f"promtool {' '.join(args[:2])}: {r.stdout}{r.stderr}")
    t.check("SUCCESS" in r.stdout + r.stderr, f"promtool {' '.join(args[:2])} says SUCCESS")
sys.exit(t.finish())
