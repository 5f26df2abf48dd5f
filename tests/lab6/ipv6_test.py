#!/usr/bin/python3
"""IPv6 servers: the lab in its own network namespace (lab start --netns).

The test starts a lab of its own with `samples/lab/lab start --netns` in a
state directory under the build tree: every lab server runs in a network
namespace whose only interface is lo (the lab asserts it, and so does this
test before anything runs there), on 127.53.x.y and, for the root, example.
and the IPv6 zones, on 2001:db8::53:x:y. chainscope runs inside it with
`ip netns exec`. Cases: a zone with one server on both families and one on
IPv6 only, an IPv6-only zone, a dead IPv6 server, twelve addresses with one
dissenter, and what -4 and -6 ask and report about the addresses they leave
out. unbound, in the same namespace, is the oracle for the new scenarios.
Every answered query of a capture taken there is asked again and must get
the captured octets back (probe-rawbytes, over IPv6).

usage: ipv6_test.py CHAINSCOPE SOURCEDIR BUILDDIR   (as root: ip netns)
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402

chainscope, srcdir, builddir = (os.path.abspath(a) for a in sys.argv[1:4])
PROG = "ipv6_test"
missing = [t for t in ("ip", "nsd", "unbound", "dig") if shutil.which(t) is None]
if os.geteuid() != 0 or missing:
    testlib.unavailable(PROG, "needs root (ip netns) and ip, nsd, unbound, dig; missing: %s"
                        % (" ".join(missing) or "root"))

tally = testlib.Tally("ipv6 lab")
check = tally.check
LAB = os.path.join(srcdir, "samples", "lab", "lab")
REPLAY = os.path.join(srcdir, "tests", "probe", "replay.py")
DIR = os.path.join(builddir, "lab6-run")
PORT = "53"  # the namespace is the lab's own: port 53 collides with nothing

ROOT6 = ["2001:db8::53:0:1", "2001:db8::53:0:2"]
ROOT4 = ["127.53.0.1", "127.53.0.2"]
MANY4 = ["127.53.40.%d" % i for i in range(1, 7)]
MANY6 = ["2001:db8::53:40:%d" % i for i in (1, 2, 3, 4, 7, 8)]
STALE6 = "2001:db8::53:40:8"
LONG = "ns8.long-name-for-a-name-server-of-this-zone.many-servers.example."


def lab(*args):
    return subprocess.run([LAB] + list(args) + ["--dir", DIR], capture_output=True,
                          text=True, timeout=120)


def inns(ns, *args):
    return subprocess.run(["ip", "netns", "exec", ns] + list(args), capture_output=True,
                          text=True, timeout=120)


def cs(ns, qname, *extra, fmt="--json"):
    """chainscope check inside the namespace; (exit code, JSON or text)."""
    r = inns(ns, chainscope, "check", qname, "A", "--hints", os.path.join(DIR, "root.hints"),
             "--anchor", os.path.join(DIR, "root.ds"), "--port", PORT, "--timeout", "0.5",
             "--retries", "0", *extra, *([fmt] if fmt else []))
    if fmt != "--json":
        return r.returncode, r.stdout
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError:
        check(False, "%s %s: JSON output (%s)" % (qname, extra, r.stderr.strip()))
        return r.returncode, {"zones": [], "findings": [], "verdict": None}


def zone(d, name):
    return next((z for z in d["zones"] if z["name"] == name), {"servers": []})


def addrs(d, name):
    return sorted(s["address"] for s in zone(d, name)["servers"])


def skipped(d, name):
    """Addresses PROBE_ADDRESS_SKIPPED lists for zone name."""
    return sorted(a for f in d["findings"] if f["code"] == "PROBE_ADDRESS_SKIPPED"
                  and f["zone"] == name for a in f["servers"])


def codes(d):
    return sorted({f["code"] for f in d["findings"]})


def oracle(ns, qname):
    r = inns(ns, "dig", "@127.53.255.53", "-p", testlib.lab_env(DIR)["LAB_UNBOUND_PORT"], "+dnssec", "+time=3", qname, "A")
    return "secure" if "NOERROR" in r.stdout and " ad" in r.stdout.split("flags:")[1].split(";")[0] \
        else r.stdout


start = lab("start", "--netns", "--with-unbound", "--port", PORT)
ns = open(os.path.join(DIR, "netns")).read().strip() if start.returncode == 0 else None
check(start.returncode == 0, "lab start --netns: %s%s" % (start.stdout[-300:], start.stderr[-600:]))
if ns is None:
    sys.exit(tally.finish())
try:
    links = [ln.split(":")[1].strip() for ln in
             subprocess.run(["ip", "-n", ns, "-o", "link", "show"], capture_output=True,
                            text=True).stdout.splitlines()]
    check(links == ["lo"], "the lab's namespace has no interface but lo (%s)" % links)
    if links != ["lo"]:
        sys.exit(tally.finish())
    host = subprocess.run(["ip", "-o", "addr", "show"], capture_output=True, text=True).stdout
    check("2001:db8:" not in host, "no 2001:db8:: address on the host's interfaces")
    inside = inns(ns, "ip", "-o", "addr", "show", "dev", "lo").stdout
    for a in ROOT6 + [STALE6, "2001:db8::53:99:1"]:
        check(" %s/128 " % a in inside, "%s is on the namespace's lo" % a)

    for q in ("www.mixed.example.", "www.v6only.example.", "www.v6dead.example.",
              "www.many-servers.example."):
        check(oracle(ns, q) == "secure", "unbound in the namespace validates %s" % q)

    # --- both families (the default)
    rc, d = cs(ns, "www.mixed.example.")
    check(rc == 0 and d["verdict"] == "secure", "mixed: secure, exit 0 (%s, %d)" % (d["verdict"], rc))
    check(addrs(d, "mixed.example.") == ["127.53.10.23", "2001:db8::53:10:23", "2001:db8::53:11:23"],
          "mixed: both addresses of ns1 and ns2's IPv6 address asked (%s)" % addrs(d, "mixed.example."))
    check(addrs(d, ".") == sorted(ROOT4 + ROOT6), "mixed: the root's 4 addresses (%s)" % addrs(d, "."))
    check(all(s["state"] == "secure" for s in zone(d, "mixed.example.")["servers"]),
          "mixed: every address secure")
    check(codes(d) == [], "mixed: no finding (%s)" % codes(d))

    rc, d = cs(ns, "www.v6only.example.")
    check(rc == 0 and d["verdict"] == "secure", "v6only: secure (%s)" % d["verdict"])
    check(addrs(d, "v6only.example.") == ["2001:db8::53:10:24", "2001:db8::53:11:24"],
          "v6only: its two IPv6 addresses (%s)" % addrs(d, "v6only.example."))

    rc, d = cs(ns, "www.v6dead.example.")
    check(rc == 1 and d["verdict"] == "secure", "v6dead: secure with a warning, exit 1 (%s, %d)"
          % (d["verdict"], rc))
    dead = [f for f in d["findings"] if f["code"] == "SERVER_TIMEOUT"]
    check(len(dead) == 1 and dead[0]["servers"] == ["2001:db8::53:99:1"]
          and dead[0]["zone"] == "v6dead.example.",
          "v6dead: SERVER_TIMEOUT for 2001:db8::53:99:1 (%s)" % dead)
    srv = {s["address"]: s for s in zone(d, "v6dead.example.")["servers"]}
    check(srv.get("2001:db8::53:99:1", {}).get("answered") is False
          and srv.get("127.53.10.25", {}).get("state") == "secure",
          "v6dead: the IPv6 server did not answer, the IPv4 one is secure")

    rc, d = cs(ns, "www.many-servers.example.")
    check(rc == 2 and d["verdict"] == "secure", "many-servers: secure answer, exit 2 for the "
          "error (%s, %d)" % (d["verdict"], rc))
    check(addrs(d, "many-servers.example.") == sorted(MANY4 + MANY6),
          "many-servers: JSON keeps all 12 addresses (%s)" % addrs(d, "many-servers.example."))
    diss = [s["address"] for s in zone(d, "many-servers.example.")["servers"] if s["dissents"]]
    check(diss == [STALE6], "many-servers: the one dissenter is %s (%s)" % (STALE6, diss))
    exp = [f for f in d["findings"] if f["code"] == "RRSIG_EXPIRED"]
    check(exp and all(f["servers"] == [STALE6] for f in exp), "many-servers: RRSIG_EXPIRED "
          "only at %s (%s)" % (STALE6, [f["servers"] for f in exp]))
    rc, t = cs(ns, "www.many-servers.example.", fmt=None)
    check("server %s [bogus]\n          %s\n" % (STALE6, LONG) in t and "11 others: secure" in t,
          "many-servers text: the dissenter on its line, then '11 others: secure'")
    check("12 addresses" not in t, "many-servers text: the zone is not summed up as all alike")

    # --- -4: only IPv4 addresses asked; the report lists the IPv6 ones it left out
    rc, d = cs(ns, "www.many-servers.example.", "-4")
    check(d["verdict"] == "secure", "-4 many-servers: secure (%s)" % d["verdict"])
    check(addrs(d, "many-servers.example.") == MANY4, "-4 many-servers: only the 6 IPv4 "
          "addresses asked (%s)" % addrs(d, "many-servers.example."))
    check(skipped(d, "many-servers.example.") == sorted(MANY6), "-4 many-servers: "
          "PROBE_ADDRESS_SKIPPED lists the 6 IPv6 addresses (%s)" % skipped(d, "many-servers.example."))
    check(skipped(d, ".") == ROOT6, "-4: the root's IPv6 addresses listed (%s)" % skipped(d, "."))
    check("RRSIG_EXPIRED" not in codes(d), "-4 many-servers: the IPv6 dissenter is not seen")
    rc, d = cs(ns, "www.v6only.example.", "-4")
    check(d["verdict"] == "indeterminate", "-4 v6only: indeterminate (%s)" % d["verdict"])
    check(addrs(d, "v6only.example.") == [], "-4 v6only: no address asked")
    check(skipped(d, "v6only.example.") == ["2001:db8::53:10:24", "2001:db8::53:11:24"],
          "-4 v6only: why: both IPv6 addresses not asked (%s)" % skipped(d, "v6only.example."))
    rc, t = cs(ns, "www.v6only.example.", "-4", fmt=None)
    check("IPv6 addresses not asked (-4)" in t, "-4 v6only text: says the IPv6 addresses were "
          "not asked")
    cap = os.path.join(DIR, "mixed-4.json")
    r = inns(ns, chainscope, "probe", "www.mixed.example.", "A", "--hints",
             os.path.join(DIR, "root.hints"), "--anchor", os.path.join(DIR, "root.ds"),
             "--port", PORT, "--timeout", "0.5", "-4", "-q", "-o", cap)
    asked = sorted({q["server"] for q in json.load(open(cap))["queries"]}) if r.returncode == 0 else []
    check(asked and all(":" not in a for a in asked), "-4: every query went to an IPv4 address (%s)"
          % asked)

    # --- the capture holds each IPv6 server's own octets (probe-rawbytes,
    # over IPv6): every query asked again inside the namespace, the same answer
    cap = os.path.join(DIR, "mixed-both.json")
    r = inns(ns, chainscope, "probe", "www.mixed.example.", "A", "--hints",
             os.path.join(DIR, "root.hints"), "--anchor", os.path.join(DIR, "root.ds"),
             "--port", PORT, "--timeout", "0.5", "-q", "-o", cap)
    check(r.returncode == 0, "probe www.mixed.example.: exit %d (%s)" % (r.returncode, r.stderr.strip()))
    v6 = [q for q in json.load(open(cap))["queries"] if ":" in q["server"] and q["response"]
          and not q.get("cached")] if r.returncode == 0 else []
    check(len({q["server"] for q in v6}) >= 4, "the capture has answers from at least 4 IPv6 "
          "servers (root and mixed.example.: %s)" % sorted({q["server"] for q in v6}))
    rp = inns(ns, sys.executable, REPLAY, cap)
    try:
        got = json.loads(rp.stdout)
    except ValueError:
        got = {"udp": 0, "tcp": 0, "mismatches": ["replay.py: %s" % rp.stderr.strip()]}
    check(got["mismatches"] == [], "every captured answer is what its server answers again, "
          "IPv6 included (%s)" % got["mismatches"])
    check(got["udp"] >= len(v6), "every answered query replayed (%d of at least %d)"
          % (got["udp"], len(v6)))

    # --- -6: only IPv6 addresses asked
    rc, d = cs(ns, "www.mixed.example.", "-6")
    check(d["verdict"] == "secure", "-6 mixed: secure (%s)" % d["verdict"])
    check(addrs(d, "mixed.example.") == ["2001:db8::53:10:23", "2001:db8::53:11:23"],
          "-6 mixed: the two IPv6 addresses asked (%s)" % addrs(d, "mixed.example."))
    check(addrs(d, ".") == ROOT6, "-6: the root asked on IPv6 only (%s)" % addrs(d, "."))
    check(skipped(d, "mixed.example.") == ["127.53.10.23"] and skipped(d, ".") == ROOT4,
          "-6 mixed: PROBE_ADDRESS_SKIPPED lists the IPv4 addresses (%s, %s)"
          % (skipped(d, "mixed.example."), skipped(d, ".")))
    rc, d = cs(ns, "www.valid.example.", "-6")
    check(d["verdict"] == "indeterminate" and addrs(d, "valid.example.") == [],
          "-6 valid (IPv4-only zone): indeterminate, nothing asked (%s)" % d["verdict"])
    check(skipped(d, "valid.example.") == ["127.53.10.1", "127.53.11.1"],
          "-6 valid: both IPv4 addresses listed as not asked (%s)" % skipped(d, "valid.example."))
    rc, d = cs(ns, "www.v6dead.example.", "-6")
    check(d["verdict"] == "indeterminate" and "SERVER_TIMEOUT" in codes(d)
          and skipped(d, "v6dead.example.") == ["127.53.10.25"],
          "-6 v6dead: its only IPv6 server is dead, its IPv4 one not asked: indeterminate, "
          "SERVER_TIMEOUT, 127.53.10.25 not asked (%s %s)" % (d["verdict"], codes(d)))
finally:
    stop = lab("stop")
    check(stop.returncode == 0, "lab stop: %s" % stop.stderr)
    gone = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    check(ns not in gone, "lab stop removed the namespace %s" % ns)
sys.exit(tally.finish())
