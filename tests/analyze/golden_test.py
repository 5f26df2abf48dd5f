#!/usr/bin/python3
"""Saved lab captures (tests/captures) analysed at their own time: output
identical to the golden JSON, the expected verdict and codes, and time
travel: the same capture flips between secure and bogus exactly at the
signature boundaries.

usage: golden_test.py CHAINSCOPE CAPTURES_DIR
"""
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from expected import EXPECTED, EXPECTED_NETNS, EXIT, SEVERITY  # noqa: E402
EXPECTED = {**EXPECTED, **EXPECTED_NETNS}  # every saved capture, IPv6 lab's too
sys.path.insert(0, os.path.join(here, ".."))
from testlib import Tally  # noqa: E402

chainscope, captures = sys.argv[1], sys.argv[2]


tally = Tally("golden")
check = tally.check


def run(cap, *args):
    r = subprocess.run([chainscope, "check", "--capture", cap, "--json"] + list(args),
                       capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


try:
    import jsonschema
    schema = json.load(open(os.path.join(here, "..", "..", "docs", "check-json.schema.json")))
    validator = jsonschema.Draft202012Validator(schema)
except ImportError:
    validator = None
check(validator is not None, "python3-jsonschema is installed (scripts/install-deps)")

files = sorted(f for f in glob.glob(os.path.join(captures, "*.json")) if not f.endswith(".check.json"))
have = {os.path.basename(f)[:-5] for f in files}
for sid in sorted(EXPECTED):
    check(sid in have, "%s: scenario has a saved capture %s.json" % (sid, sid))
for sid in sorted(have):
    check(sid in EXPECTED and sid in EXIT,
          "%s.json: capture has an expectation in tests/analyze/expected.py" % sid)
for cap in files:
    sid = os.path.basename(cap)[:-5]
    rc, out, err = run(cap)
    check(rc == EXIT.get(sid), "%s: exit %d, expected %s" % (sid, rc, EXIT.get(sid)))
    golden = open(cap[:-5] + ".check.json").read()
    check(out == golden, "%s: output differs from %s.check.json (%s)" % (sid, sid, err.strip()))
    text = subprocess.run([chainscope, "check", "--capture", cap], capture_output=True,
                          timeout=60).stdout
    # Only prose wraps: a record to publish stands whole on its own line.
    publish = {p for f in json.loads(golden)["findings"] for p in f["publish"]}
    wide = [l for l in text.decode("ascii", "replace").splitlines()
            if len(l) > 80 and l.strip() not in publish]
    check(not wide, "%s: text report wider than 80 columns: %r" % (sid, wide[:1]))
    lines = {l.strip() for l in text.decode("ascii", "replace").splitlines()}
    for rec in publish:
        check(rec in lines, "%s: record to publish on a line of its own: %s" % (sid, rec))
    check(all(b == 10 or 32 <= b < 127 for b in text),
          "%s: text report holds a control or non-ASCII byte (no terminal, no colour)" % sid)
    d = json.loads(out)
    if validator is not None:
        errors = sorted(validator.iter_errors(d), key=lambda e: list(e.path))
        check(not errors, "%s: output does not match docs/check-json.schema.json: %s" %
              (sid, "; ".join("%s: %s" % (list(e.path), e.message) for e in errors[:3])))
    if sid in EXPECTED:
        verdict, answer, codes = EXPECTED[sid]
        got = {f["code"] for f in d["findings"]}
        check((d["verdict"], d["answer"], got) == (verdict, answer, codes),
              "%s: %s %s %s, expected %s %s %s" % (sid, d["verdict"], d["answer"], sorted(got),
                                                   verdict, answer, sorted(codes)))
        for f in d["findings"]:
            check(f["severity"] == SEVERITY.get(f["code"]),
                  "%s: %s has severity %s, expected %s" % (sid, f["code"], f["severity"],
                                                           SEVERITY.get(f["code"])))


def at(cap, when):
    rc, out, err = run(cap, "--at", when)
    return json.loads(out) if out else {"verdict": "error: " + err, "findings": []}


def codes(d):
    return {f["code"] for f in d["findings"]}


# valid: secure until the first signature it rests on expires, bogus after.
valid = os.path.join(captures, "valid.json")
d = json.loads(run(valid)[1])
t = d["next_break"]["at_s"]
check(at(valid, "@%d" % (t - 1))["verdict"] == "secure", "valid: secure one second before the break")
after = at(valid, "@%d" % (t + 1))
check(after["verdict"] == "bogus" and "RRSIG_EXPIRED" in codes(after),
      "valid: bogus with RRSIG_EXPIRED one second after (%s)" % after["verdict"])
soon = at(valid, "@%d" % (t - 86400))
check(soon["verdict"] == "secure" and "RRSIG_EXPIRING" in codes(soon),
      "valid: a day before the break it warns RRSIG_EXPIRING")
# ... and bogus before the signatures' inception.
incs = [s["inception"] for z in d["zones"] for v in z["dnskey"] for s in v["signatures"]]
latest = max(incs)
lat = int(datetime.datetime.strptime(latest, "%Y-%m-%dT%H:%M:%SZ").replace(
    tzinfo=datetime.timezone.utc).timestamp())
early = at(valid, "@%d" % (lat - 1))
check(early["verdict"] == "bogus" and "RRSIG_NOT_YET_VALID" in codes(early),
      "valid: bogus with RRSIG_NOT_YET_VALID one second before an inception (%s)" % early["verdict"])
check(at(valid, "@%d" % lat)["verdict"] == "secure", "valid: secure at the inception itself")

# future: becomes secure once its inception has passed (relative --at).
future = os.path.join(captures, "future.json")
check(at(future, "+11d")["verdict"] == "secure", "future: secure 11 days later")
check(at(future, "+9d")["verdict"] == "bogus", "future: still bogus 9 days later")
# --ds replaces the parent's DS: one good DS next to a stale one is a warning
# (DS_STALE), a stale one alone makes the zone bogus.
good = [z for z in d["zones"] if z["name"] == "valid.example."][0]["ds"][0]["records"][0]
good_rdata = good.split(" DS ", 1)[1]
stale_rdata = "12345 13 2 " + "00" * 32
r = subprocess.run([chainscope, "check", "--capture", valid, "--json",
                    "--ds", "valid.example.=" + good_rdata, "--ds", "valid.example.=" + stale_rdata],
                   capture_output=True, text=True)
two = json.loads(r.stdout)
check(two["verdict"] == "secure" and codes(two) == {"DS_STALE"} and r.returncode == 1,
      "--ds good+stale: secure, DS_STALE, exit 1 (%s %s %d)" % (two["verdict"], codes(two), r.returncode))
r = subprocess.run([chainscope, "check", "--capture", valid, "--json",
                    "--ds", "valid.example.=" + stale_rdata], capture_output=True, text=True)
one = json.loads(r.stdout)
check(one["verdict"] == "bogus" and codes(one) == {"DS_NO_MATCHING_KEY"} and r.returncode == 2,
      "--ds stale only: bogus, DS_NO_MATCHING_KEY (%s %s)" % (one["verdict"], codes(one)))
pub = [p for f in one["findings"] for p in f["publish"]]
check(len(pub) == 1 and " IN DS " + good_rdata.split()[0] + " " in pub[0],
      "--ds stale only: the fix gives the right DS to publish (%s)" % pub)
r = subprocess.run([chainscope, "check", "--capture", valid, "--ds", "valid.example.=garbage"],
                   capture_output=True, text=True)
check(r.returncode == 64 and "--ds" in r.stderr, "--ds garbage: usage error (%d %s)" % (r.returncode, r.stderr))

# No server of valid.example. answers (every response of theirs dropped):
# the answer cannot be judged, exit 3 (indeterminate).
cap = json.load(open(valid))
leaf = [a for z in cap["zones"] if z["name"] == "valid.example." for s in z["servers"]
        for a in s["addresses"]]
for q in cap["queries"]:
    if q["server"] in leaf:
        q["result"], q["response"], q["rtt_us"] = "timeout", None, -1
silent = os.path.join(tempfile.mkdtemp(), "silent.json")
json.dump(cap, open(silent, "w"))
rc, out, err = run(silent)
d = json.loads(out) if out else {"verdict": err, "findings": []}
check(rc == 3 and d["verdict"] == "indeterminate" and "SERVER_TIMEOUT" in codes(d),
      "valid with its leaf servers silent: indeterminate, SERVER_TIMEOUT, exit 3 (%s %s %d)" %
      (d["verdict"], sorted(codes(d)), rc))

# Bad --at values are usage errors.
rc, out, err = run(valid, "--at", "2023-02-29")
check(rc == 64 and "--at" in err, "--at with a nonexistent date: exit 64 (%d)" % rc)

# Damaged, foreign and missing captures: a clear message naming the file.
tmpd = tempfile.mkdtemp()
raw = open(valid).read()
cases = {
    "truncated.json": (raw[: len(raw) // 2], 65, "not valid JSON at line"),
    "foreign.json": ('{"hello": "world"}', 65, "not a valid capture: format"),
    "version.json": (raw.replace('"version": 1', '"version": 99', 1), 65, "version 99 is not supported"),
    "badb64.json": (raw.replace('"response": "', '"response": "!!', 1), 65, "not valid base64"),
    "empty.json": ("", 65, "not valid JSON"),
}
for fname, (content, want_rc, want_msg) in cases.items():
    path = os.path.join(tmpd, fname)
    open(path, "w").write(content)
    rc, out, err = run(path)
    check(rc == want_rc and want_msg in err and fname in err and out == "",
          "%s: exit %d, message %r" % (fname, rc, err.strip()))
rc, out, err = run(os.path.join(tmpd, "missing.json"))
check(rc == 66 and "missing.json" in err, "missing capture: exit 66 (%d %s)" % (rc, err.strip()))

# Long after every signature of valid.json expired (they run 30 days from
# 2026-11-29), the chain rests on no valid signature: the reports say when
# it broke (the root DNSKEY RRset's signature expired first, 2026-12-29),
# not "next break".
valid_cap = os.path.join(captures, "valid.json")
for fmt, args in (("text", []), ("DOT", ["--dot", "-"])):
    r = subprocess.run([chainscope, "check", "--capture", valid_cap, "--at", "+400d"] + args,
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 2 and "broke: 2026-12-29T04:55:52Z" in r.stdout
          and "next break" not in r.stdout,
          "%s report of a chain that broke says when (exit %d)" % (fmt, r.returncode))

sys.exit(tally.finish())
