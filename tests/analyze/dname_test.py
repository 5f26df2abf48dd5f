#!/usr/bin/python3
"""DNAME (RFC 6672) beyond the lab scenarios: a served CNAME that does not
follow the DNAME's synthesis rule. NSD always synthesises correctly, so the
test probes the lab's dname-secure scenario and then changes, in the saved
capture, the target of the CNAME the DNAME's server sent (www.valid.example.
becomes wxw.valid.example.). Validators discard such a CNAME and follow their
own synthesis (unbound's scrubber replaces it), so the verdict stays that of
the synthesised target (secure, as the lab's unbound says for the unchanged
name), with DNAME_CNAME_MISMATCH naming both targets.

usage: dname_test.py CHAINSCOPE   (the lab must run, with --with-unbound)
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, ".."))
from oracle import dig_verdict  # noqa: E402
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
env = require_lab("dname_test")
if env is None:
    print("dname_test: the lab is not running (samples/lab/lab start --with-unbound)")
    sys.exit(1)
tally = Tally("dname")
check = tally.check
tmp = tempfile.mkdtemp(prefix="cs-dname-")
cap = os.path.join(tmp, "dname.json")
name = "www.sec.dname.example."
r = subprocess.run([chainscope, "probe", name, "A", "--hints", env["LAB_HINTS"], "--anchor",
                    env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"], "--timeout", "0.4",
                    "--retries", "0", "-q", "-o", cap], capture_output=True, text=True, timeout=60)
check(r.returncode == 0, "probe %s: exit %d %s" % (name, r.returncode, r.stderr))
d = json.load(open(cap))
edited = 0
for q in d["queries"]:
    if q["qname"] != name or q["server"] != "127.53.10.19" or not q.get("response"):
        continue
    wire = base64.b64decode(q["response"])
    # The CNAME's RDATA is the last "\x03www" of the answer (its target's
    # first label, then a pointer into the DNAME's RDATA).
    at = wire.rfind(b"\x03www")
    check(at > 12 + len(name), "the CNAME target is in the response")
    wire = wire[:at] + b"\x03wxw" + wire[at + 4:]
    q["response"] = base64.b64encode(wire).decode()
    edited += 1
check(edited == 1, "one response of the DNAME's server edited (%d)" % edited)
json.dump(d, open(cap, "w"))
out = subprocess.run([chainscope, "check", "--capture", cap, "--json"], capture_output=True,
                     text=True, timeout=60)
doc = json.loads(out.stdout)
codes = {f["code"] for f in doc["findings"]}
ub = dig_verdict(env["LAB_UNBOUND_ADDR"], env["LAB_UNBOUND_PORT"], name, "A")
check(doc["verdict"] == "secure" and ub == "secure",
      "mismatched CNAME: chainscope %s, unbound (correct CNAME) %s: the synthesis decides"
      % (doc["verdict"], ub))
check(codes == {"DNAME_CNAME_MISMATCH"}, "mismatched CNAME: codes %s" % sorted(codes))
f = [f for f in doc["findings"] if f["code"] == "DNAME_CNAME_MISMATCH"]
if f:
    check("wxw.valid.example." in f[0]["message"] and "www.valid.example." in f[0]["message"]
          and f[0]["servers"] == ["127.53.10.19"], "the finding names both targets and the "
          "server: %s" % f[0])
names = [l["name"] for l in doc["chain"]]
check(names == [name, "www.valid.example."], "the chain follows the synthesis: %s" % names)
# Unedited: secure, no finding, the link's RRset is the signed DNAME.
out = subprocess.run([chainscope, "check", name, "A", "--hints", env["LAB_HINTS"], "--anchor",
                      env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"], "-q", "--json"],
                     capture_output=True, text=True, timeout=60)
doc = json.loads(out.stdout)
first = doc["chain"][0]
check(doc["verdict"] == "secure" and not doc["findings"], "dname-secure: secure, no findings")
check([s["records"][0].split()[3] for s in first["rrsets"]] == ["DNAME"]
      and first["state"] == "secure", "dname-secure: the first link rests on the signed DNAME")
subprocess.run(["rm", "-rf", tmp])
sys.exit(tally.finish())
