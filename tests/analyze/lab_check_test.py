#!/usr/bin/python3
"""chainscope check against every lab scenario: the expected verdict, answer
and finding codes, the documented exit code, findings attached to a server
when they are about one, and agreement with unbound (the lab's validating
oracle) on secure / insecure / bogus.

usage: lab_check_test.py CHAINSCOPE   (the lab must run, with --with-unbound)
"""
import json
import re
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from expected import EXPECTED, EXIT, SEVERITY  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
lab = os.environ.get("LAB_DIR", os.path.join(here, "..", "..", "samples", "lab", "run"))
env = require_lab("lab_check_test", lab)



tally = Tally("lab check")
check = tally.check


def unbound_verdict(name, qtype):
    r = subprocess.run(["dig", "@" + env["LAB_UNBOUND_ADDR"], "-p", env["LAB_UNBOUND_PORT"],
                        "+dnssec", "+tries=1", "+time=5", name, qtype],
                       capture_output=True, text=True, timeout=30)
    out = r.stdout
    if "status: SERVFAIL" in out:
        return "bogus"
    flags = [l for l in out.splitlines() if l.startswith(";; flags:")]
    words = flags[0].split(":", 1)[1].split(";")[0].split() if flags else []
    return "secure" if "ad" in words else "insecure"


have_unbound = os.path.exists(os.path.join(lab, "unbound.pid"))
check(have_unbound, "the lab's unbound oracle is running")
rows = []
results = {}
scen = {}
for line in open(env["LAB_SCENARIOS"]):
    if line.startswith("id\t"):
        continue
    sid, qname, qtype, expected_lab, desc = line.rstrip("\n").split("\t")
    r = subprocess.run([chainscope, "check", qname, qtype, "--hints", env["LAB_HINTS"],
                        "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
                        "--timeout", "0.4", "--retries", "0", "-q", "--json"],
                       capture_output=True, text=True, timeout=60)
    try:
        d = json.loads(r.stdout)
    except ValueError:
        check(False, "%s: no JSON (exit %d): %s" % (sid, r.returncode, r.stderr))
        continue
    for f in d["findings"]:
        check(f["code"] and f["severity"] == SEVERITY.get(f["code"]) and f["zone"].endswith(".")
              and isinstance(f["servers"], list) and f["fix"],
              "%s: finding fields %s (severity expected %s)" % (sid, f, SEVERITY.get(f["code"])))
    codes = {f["code"] for f in d["findings"]}
    verdict, answer, want = EXPECTED.get(sid, (expected_lab, None, None))
    check(sid in EXPECTED, "%s: scenario has an expectation in tests/analyze/expected.py" % sid)
    check(d["verdict"] == verdict, "%s: verdict %s, expected %s" % (sid, d["verdict"], verdict))
    check(d["verdict"] == expected_lab, "%s: verdict %s, the lab says %s" % (sid, d["verdict"], expected_lab))
    if answer:
        check(d["answer"] == answer, "%s: answer %s, expected %s" % (sid, d["answer"], answer))
    if want is not None:
        check(codes == want, "%s: codes %s, expected %s" % (sid, sorted(codes), sorted(want)))
    check(r.returncode == EXIT.get(sid),
          "%s: exit %d, expected %s" % (sid, r.returncode, EXIT.get(sid)))
    check(d["next_break"] is None or d["next_break"]["at_s"] > d["evaluated_at_s"]
          or d["verdict"] == "bogus",
          "%s: next break after the evaluation time (before it only when bogus)" % sid)
    ub = unbound_verdict(qname, qtype) if have_unbound else "?"
    check(ub == d["verdict"], "%s: unbound says %s, chainscope %s" % (sid, ub, d["verdict"]))
    rows.append((sid, qname, qtype, d["verdict"], ub, ",".join(sorted(codes)) or "-"))
    scen[sid] = (qname, qtype)
    results[sid] = d

# Recursive mode (--resolver, RD+CD through the lab's unbound): same verdicts.
if have_unbound:
    for sid in ("valid-deep", "nxdomain-nsec3", "unsigned", "island", "expired", "ds-baddigest",
                "ksk-nosig", "cname-bogus"):
        qname, qtype = scen[sid]
        r = subprocess.run([chainscope, "check", qname, qtype, "--resolver",
                            "%s#%s" % (env["LAB_UNBOUND_ADDR"], env["LAB_UNBOUND_PORT"]),
                            "--anchor", env["LAB_ANCHOR_DS"], "-q", "--json"],
                           capture_output=True, text=True, timeout=60)
        d = json.loads(r.stdout) if r.stdout else {"verdict": "none: " + r.stderr}
        check(d["verdict"] == EXPECTED[sid][0],
              "recursive %s: %s, expected %s" % (sid, d["verdict"], EXPECTED[sid][0]))

# Findings about servers name them: the stale copy and the blackhole.
def servers_of(sid, code):
    return sorted({s for f in results.get(sid, {"findings": []})["findings"] if f["code"] == code
                   for s in f["servers"]})


check(servers_of("stale", "RRSIG_EXPIRED") == ["127.53.11.14"],
      "stale: the expired signatures are on 127.53.11.14 only (%s)" % servers_of("stale", "RRSIG_EXPIRED"))
check(servers_of("blackhole", "SERVER_TIMEOUT") == ["127.53.99.1"],
      "blackhole: the timeout is 127.53.99.1 (%s)" % servers_of("blackhole", "SERVER_TIMEOUT"))
for sid, zone, bad in (("stale", "stale.example.", "127.53.11.14"),):
    z = [z for z in results.get(sid, {"zones": []})["zones"] if z["name"] == zone]
    views = {s["address"]: s["state"] for s in z[0]["servers"]} if z else {}
    check(views.get(bad) == "bogus" and all(v == "secure" for a, v in views.items() if a != bad),
          "%s: per-server view of %s: %s" % (sid, zone, views))
# The DS to publish goes with the fix of the island and the DS mismatches,
# whole (owner, class, type, tag, algorithm 13, SHA-256, 64 hex digits).
DS_LINE = re.compile(r"^\S+\. IN DS \d+ 13 2 [0-9A-F]{64}$")
for sid in ("island", "ds-baddigest", "ds-badalg"):
    pub = [p for f in results.get(sid, {"findings": []})["findings"] for p in f.get("publish", [])]
    check(any(DS_LINE.match(p) for p in pub), "%s: the DS to publish, whole: %s" % (sid, pub))
print("%-16s %-30s %-5s %-10s %-10s %s" % ("scenario", "name", "type", "chainscope", "unbound", "codes"))
for row in rows:
    print("%-16s %-30s %-5s %-10s %-10s %s" % row)
sys.exit(tally.finish())
