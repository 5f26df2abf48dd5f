#!/usr/bin/python3
"""chainscope batch --metrics FILE against the running sample lab: the file
passes `promtool check metrics`; every scenario's name has its verdict and
finding codes (tests/analyze/expected.py) under its name and type labels;
a name whose presentation form has a backslash and a quote is escaped;
rejected lines add nothing; an existing file is replaced by a rename (a new
inode, no temporary file left); an unwritable place fails before any name
is probed.

usage: batch_metrics_test.py CHAINSCOPE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, os.path.join(here, "..", "analyze"))
from testlib import Tally  # noqa: E402
from expected import EXPECTED  # noqa: E402
from monitorlib import require, scenarios  # noqa: E402

chainscope = sys.argv[1]
env = require("batch_metrics_test", tools=("promtool",))

t = Tally("batch --metrics")
check = t.check
tmp = tempfile.mkdtemp(prefix="cs-batch-metrics-")
PROBE = ["--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
         "--timeout", "0.5", "--retries", "0", "-q"]

scen = scenarios(env)
ids = sorted(s for s in EXPECTED if s in scen)
check(len(ids) == len(EXPECTED), "every expected scenario is in the lab")
ODD = r'a\"b.valid.example.'  # presentation form: a"b.valid.example.
names = os.path.join(tmp, "names.txt")
with open(names, "w") as f:
    f.write("# the lab's scenarios\n")
    for sid in ids:
        f.write("%s %s\n" % scen[sid])
    f.write("not..a.name\n")
    f.write(ODD + " TXT\n")

out = os.path.join(tmp, "lab.prom")
with open(out, "w") as f:
    f.write("old contents\n")
inode = os.stat(out).st_ino
r = subprocess.run([chainscope, "batch", names, "--jobs", "4", "--metrics", out] + PROBE,
                   capture_output=True, text=True, timeout=600)
check(r.returncode == 65, f"exit 65 (a rejected line): {r.returncode} {r.stderr[-300:]}")
check(os.stat(out).st_ino != inode, "the file was replaced by a rename")
check(sorted(os.listdir(tmp)) == ["lab.prom", "names.txt"], f"no temporary file: {os.listdir(tmp)}")
text = open(out).read()
p = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
check(p.returncode == 0, f"promtool check metrics: {p.stdout}{p.stderr}")
check("old contents" not in text, "old contents gone")

samples = {}
for line in text.splitlines():
    if line.startswith("#"):
        continue
    m = re.match(r'^([a-z_]+)\{(.*)\} (\S+)$', line)
    check(m is not None, f"a sample with labels: {line!r}")
    if m:
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
        samples.setdefault((labels.get("name"), labels.get("type")), []).append(
            (m.group(1), labels, float(m.group(3))))

for fam in ("chainscope_probe_success", "chainscope_verdict", "chainscope_findings",
            "chainscope_servers", "chainscope_probe_duration_seconds", "chainscope_queries"):
    check(text.count(f"# TYPE {fam} gauge\n") == 1, f"one TYPE line for {fam}")

for sid in ids:
    qname, qtype = scen[sid]
    verdict, _answer, codes = EXPECTED[sid]
    got = samples.get((qname.lower(), qtype.upper()), [])
    v = [l["verdict"] for n, l, x in got if n == "chainscope_verdict" and x == 1]
    check(v == [verdict], f"{sid}: verdict {v}, expected {verdict}")
    found = {l["code"] for n, l, x in got if n == "chainscope_findings_by_code"}
    check(found == codes, f"{sid}: codes {sorted(found)}, expected {sorted(codes)}")
    ok = [x for n, l, x in got if n == "chainscope_probe_success"]
    check(ok == [1], f"{sid}: probe_success {ok}")

# The odd name: backslash and quote escaped in the label value.
odd = [k for k in samples if k[0] and '"' in k[0]]
check(odd == [(r'a\\\"b.valid.example.', "TXT")], f"escaped name label: {odd}")
check(len(samples) == len(ids) + 1, f"one name per input line that is a name: {len(samples)}")

# An unwritable place: refused at once, nothing probed, no file.
r = subprocess.run([chainscope, "batch", names, "--metrics", os.path.join(tmp, "no", "x.prom")]
                   + PROBE, capture_output=True, text=True, timeout=60)
check(r.returncode == 70 and r.stdout == "" and "--metrics" in r.stderr,
      f"unwritable: {r.returncode} {r.stdout[:100]!r} {r.stderr!r}")
check(not os.path.exists(os.path.join(tmp, "no")), "nothing created")
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(t.finish())
