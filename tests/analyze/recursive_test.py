#!/usr/bin/python3
"""Saved recursive-mode captures (tests/captures/recursive: lab scenarios
probed with --resolver through the lab's unbound, asked with RD and CD)
analysed at their own time: the expected verdict, answer, codes and exit
code (tests/analyze/expected.py), output identical to the golden JSON, and
what recursive mode itself means: the resolver is every zone's only
server, its answers count without the AA bit, and an answer belongs to the
deepest zone of the chain that encloses its name (a resolver sends no
referrals to tell).

Regenerate with the lab up: MODE=recursive tests/captures/regen.sh build

usage: recursive_test.py CHAINSCOPE CAPTURES_DIR
"""
import glob
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from expected import EXPECTED_RECURSIVE, EXIT_RECURSIVE  # noqa: E402
sys.path.insert(0, os.path.join(here, ".."))
from testlib import Tally  # noqa: E402

chainscope, captures = sys.argv[1], sys.argv[2]
tally = Tally("recursive")
check = tally.check

# The zone each link of the answer chain is answered from, by scenario (the
# lab's zones: zones.tsv).
ZONES = {
    "valid": ["valid.example."],
    "valid-deep": ["sub.valid.example."],
    "cut-shared": ["sub.shared.example."],
    "wildcard": ["valid.example."],
    "nxdomain-nsec3": ["valid-nsec3.lab."],
    "cname-secure": ["valid.example.", "valid-nsec3.lab."],
    "dname-secure": ["dname.example.", "valid.example."],
}
RESOLVER = "127.53.255.53"  # the lab's unbound (samples/lab/lab)


def run(cap):
    r = subprocess.run([chainscope, "check", "--capture", cap, "--json"], capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def aa(response_b64):
    import base64
    raw = base64.b64decode(response_b64)
    return len(raw) > 2 and bool(raw[2] & 0x04)


files = sorted(f for f in glob.glob(os.path.join(captures, "*.json"))
               if not f.endswith(".check.json"))
have = {os.path.basename(f)[:-5] for f in files}
check(have == set(EXPECTED_RECURSIVE),
      "captures %s, expectations %s" % (sorted(have), sorted(EXPECTED_RECURSIVE)))
for cap in files:
    sid = os.path.basename(cap)[:-5]
    if sid not in EXPECTED_RECURSIVE:
        continue
    c = json.load(open(cap))
    check(c["options"]["mode"] == "recursive" and
          c["options"]["resolver"].startswith(RESOLVER + "#"),
          "%s: a recursive capture through %s (%s)" % (sid, RESOLVER, c["options"]))
    rc, out, err = run(cap)
    check(rc == EXIT_RECURSIVE[sid], "%s: exit %d, expected %d (%s)" % (
        sid, rc, EXIT_RECURSIVE[sid], err.strip()))
    check(out == open(cap[:-5] + ".check.json").read(),
          "%s: output differs from %s.check.json" % (sid, sid))
    d = json.loads(out) if out else {"verdict": "", "answer": "", "findings": [], "zones": [],
                                      "chain": []}
    got = (d["verdict"], d["answer"], {f["code"] for f in d["findings"]})
    check(got == EXPECTED_RECURSIVE[sid], "%s: %s, expected %s" % (
        sid, got, EXPECTED_RECURSIVE[sid]))
    addrs = sorted({s["address"] for z in d["zones"] for s in z["servers"]})
    check(d["zones"] and addrs == [RESOLVER],
          "%s: the resolver is every zone's only server (%s)" % (sid, addrs))
    # The resolver's answers carry no AA bit; they count all the same.
    targets = [q for q in c["queries"] if q["purpose"] == "target" and q.get("response")]
    check(targets and not any(aa(q["response"]) for q in targets),
          "%s: the resolver's answers have no AA bit" % sid)
    if sid in ZONES:
        got = [link["zone"] for link in d["chain"]]
        check(got == ZONES[sid], "%s: answered from %s, expected %s" % (sid, got, ZONES[sid]))

sys.exit(tally.finish())
