#!/usr/bin/python3
"""The probe engine against the lab: for every scenario, chainscope probe
writes a capture, and the capture holds what every server of every zone on
the chain really serves (asserted on records: DNSKEY key tags, DS key tags,
the target's records), the blackhole's timeouts, and a byte-identical
save -> load -> save round trip.

usage: lab_test.py CHAINSCOPE [LAB_DIR]   (the lab must be running)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnsmini  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
lab = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
    "LAB_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "samples", "lab", "run"))
env = require_lab("lab_test", lab)

zones = {}
for line in open(env["LAB_ZONES"]):
    if line.startswith(("zone\t", "#")):
        continue
    f = line.rstrip("\n").split("\t")
    servers = {}
    for s in f[2].split(","):
        nm, addr = s.split("=")
        servers[addr.replace("(stale)", "")] = nm
    keys = [] if f[5] == "-" else [int(k.split("/")[0]) for k in f[5].split(",")]
    ds = None if f[8] == "none" else int(f[8].split()[0])
    zones[f[0]] = {"parent": f[1], "servers": servers, "keys": keys, "ds": ds,
                   "signed": f[3] != "-", "window": f[7]}
scenarios = [l.rstrip("\n").split("\t") for l in open(env["LAB_SCENARIOS"])
             if not l.startswith("id\t")]
blackholes = {"127.53.99.1"}



tally = Tally("lab probe")
check = tally.check


def chain_of(qname):
    """Zones of the lab on the way to qname, root first."""
    labels = qname.rstrip(".").split(".")
    out = ["."]
    for k in range(len(labels) - 1, -1, -1):
        z = ".".join(labels[k:]) + "."
        if z in zones:
            out.append(z)
    return out


tmp = tempfile.mkdtemp()
for sid, qname, qtype, expected, desc in scenarios:
    cap_path = os.path.join(tmp, sid + ".json")
    t0 = time.monotonic()
    r = subprocess.run([chainscope, "probe", qname, qtype, "--hints", env["LAB_HINTS"],
                        "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
                        "--timeout", "0.4", "--retries", "0", "-q", "-o", cap_path],
                       capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    check(r.returncode == 0, "%s: probe exit %d: %s" % (sid, r.returncode, r.stderr.strip()))
    if r.returncode != 0:
        continue
    cap = json.load(open(cap_path))
    check(cap["format"] == "chainscope-capture" and cap["query"]["name"] == qname,
          "%s: capture header" % sid)
    by = {}
    for q in cap["queries"]:
        by.setdefault((q["zone"], q["server"], q["qname"], q["qtype"]), []).append(q)

    def resp(zone, server, name, qt):
        for q in by.get((zone, server, name, qt), []):
            if q["response"] is not None:
                import base64
                return q, dnsmini.parse(base64.b64decode(q["response"]))
        qs = by.get((zone, server, name, qt), [])
        return (qs[0] if qs else None), None

    for z in chain_of(qname):
        info = zones[z]
        for addr in info["servers"]:
            q, m = resp(z, addr, z, "DNSKEY")
            if addr in blackholes:
                check(q is not None and q["result"] in ("timeout", "skipped"),
                      "%s: %s at %s should time out" % (sid, z, addr))
                continue
            check(m is not None, "%s: no DNSKEY answer from %s for %s" % (sid, addr, z))
            if m is None:
                continue
            tags = sorted(dnsmini.keytag(rd) for o, t, rd in m["answer"] if t == 48 and o == z)
            check(tags == sorted(info["keys"]),
                  "%s: %s DNSKEY tags from %s: %s, lab says %s" % (sid, z, addr, tags, info["keys"]))
            if info["signed"]:
                sigs = [rd for o, t, rd in m["answer"] if t == 46 and o == z]
                check(len(sigs) >= 1, "%s: %s DNSKEY from %s has no RRSIG" % (sid, z, addr))
            for qt in ("SOA", "NS", "CDS", "CDNSKEY", "NULL"):
                q2, m2 = resp(z, addr, z, qt)
                check(m2 is not None, "%s: no %s answer from %s for %s" % (sid, qt, addr, z))
            nx = "chainscope-nx-2f9k." + (z if z != "." else "")
            q3, m3 = resp(z, addr, nx, "A")
            check(m3 is not None and m3["rcode"] == 3,
                  "%s: nonexistent name at %s (%s) should be NXDOMAIN" % (sid, z, addr))
            if m3 is not None and info["signed"]:
                denial = [t for o, t, rd in m3["authority"] if t in (47, 50)]
                check(denial, "%s: NXDOMAIN from %s for %s carries no NSEC/NSEC3" % (sid, addr, z))
        if z != ".":
            parent = zones[info["parent"]]
            for paddr in parent["servers"]:
                if paddr in blackholes:
                    continue
                q, m = resp(info["parent"], paddr, z, "DS")
                check(m is not None, "%s: no DS answer for %s from parent server %s" % (sid, z, paddr))
                if m is None:
                    continue
                tags = [int.from_bytes(rd[:2], "big") for o, t, rd in m["answer"] if t == 43 and o == z]
                want = [info["ds"]] if info["ds"] is not None else []
                check(tags == want, "%s: DS for %s from %s: %s, lab says %s" % (sid, z, paddr, tags, want))
    # The target was asked of the last zone's servers (or of a CNAME target).
    targets = [q for q in cap["queries"] if q["purpose"] == "target" and q["qname"] == qname]
    check(any(q["response"] for q in targets), "%s: the target was never answered" % sid)
    # save -> load -> save is byte-identical
    again = os.path.join(tmp, sid + ".again.json")
    r2 = subprocess.run([chainscope, "capture", "resave", cap_path, "-o", again],
                        capture_output=True, text=True)
    check(r2.returncode == 0 and open(again, "rb").read() == open(cap_path, "rb").read(),
          "%s: capture round trip differs (%s)" % (sid, r2.stderr.strip()))
    print("%-16s %-32s %4d queries %6.0f ms" % (sid, qname, len(cap["queries"]), took * 1000))



def probe(args):
    out = os.path.join(tmp, "extra.json")
    r = subprocess.run([chainscope, "probe"] + args + ["--port", env["LAB_PORT"], "-q", "-o", out],
                       capture_output=True, text=True, timeout=60)
    return r, (json.load(open(out)) if r.returncode == 0 else None)


# Recursive mode through the lab's unbound (RD+CD): zone cuts found by SOA.
if os.path.exists(os.path.join(lab, "unbound.pid")):
    r, c = probe(["www.sub.valid.example.", "--resolver",
                  "%s#%s" % (env["LAB_UNBOUND_ADDR"], env["LAB_UNBOUND_PORT"])])
    check(r.returncode == 0, "recursive: exit %d %s" % (r.returncode, r.stderr))
    if c:
        check(sorted(z["name"] for z in c["zones"]) ==
              [".", "example.", "sub.valid.example.", "valid.example."],
              "recursive: zone cuts %s" % [z["name"] for z in c["zones"]])
        check(all(q["rd"] and q["cd"] for q in c["queries"]), "recursive: RD and CD set")
        check(any(q["purpose"] == "dnskey" and q["qname"] == "sub.valid.example." and q["response"]
                  for q in c["queries"]), "recursive: DNSKEY of sub.valid.example. asked")

# --ns: a zone that is not delegated yet, checked at the given address.
r, c = probe(["www.valid.example.", "--hints", env["LAB_HINTS"], "--ns", "valid.example.=127.53.11.1"])
check(r.returncode == 0, "--ns: exit %d %s" % (r.returncode, r.stderr))
if c:
    z = [z for z in c["zones"] if z["name"] == "valid.example."]
    check(z and z[0]["parent"] == "example." and z[0]["servers"][0]["addresses"] == ["127.53.11.1"],
          "--ns: valid.example. served by the given address only (%s)" % z)
    check(not any(q["server"] == "127.53.10.1" for q in c["queries"]), "--ns: NS/glue ignored")
r, c = probe(["www.notyet.example.", "--hints", env["LAB_HINTS"], "--ns", "notyet.example.=127.53.10.1"])
check(c and any(z["name"] == "notyet.example." and z["parent"] == "example." for z in c["zones"]),
      "--ns: an undelegated zone is probed under its parent")
# -6 with IPv4-only hints: a usage error, not a hang.
r, c = probe(["www.valid.example.", "--hints", env["LAB_HINTS"], "-6"])
check(r.returncode == 64 and "no usable server address" in r.stderr, "-6: exit %d" % r.returncode)

sys.exit(tally.finish())
