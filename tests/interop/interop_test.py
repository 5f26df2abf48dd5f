#!/usr/bin/python3
"""Interop with DNSViz and pcap (docs/interop.md), on the probes in
tests/interop/data: every lab scenario probed by Debian's dnsviz 0.9.4 and
by chainscope from one lab instance (tests/interop/make-probes).

1. chainscope's verdict and finding codes on the DNSViz probe equal those
   on its own probe of the same name, except the differences the data
   explains (ONLY_OWN below).
2. capture export --dnsviz: `dnsviz grok` and `dnsviz graph` read every
   export; DNSViz's verdict equals chainscope's except DNSVIZ_DIFFERS.
3. capture export --pcap: tshark decodes every response as DNS; capture
   import --pcap of it gives the same verdict and codes (IPv4/UDP from the
   lab; IPv6 and TCP by rewriting a capture's servers and transports).
4. Bad input: exit 65, a message naming the file and entry, no output.
Also: recursive DNSViz probes, NAME selection, capture import, and the
terminal inspector (tmux) on a DNSViz probe.

usage: interop_test.py CHAINSCOPE DATA_DIR"""
import base64
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

CS, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
HERE = os.path.dirname(os.path.abspath(__file__))
DNSVIZ = os.path.join(HERE, "dnsviz-offline")

# Finding codes on chainscope's own probe that the DNSViz probe cannot
# show, and why (docs/interop.md).
ONLY_OWN = {
    "stale": {"SERVERS_SOA_SERIAL_DIFFER"},  # DNSViz sends no SOA query
}
# Where DNSViz's verdict on the export differs from chainscope's, and why.
DNSVIZ_DIFFERS = {
    # One of two servers serves expired signatures: DNSViz marks the
    # expired RRSIG an error; chainscope validates through the good server
    # and warns (RRSIG_EXPIRED, SERVERS_RRSIG_DIFFER).
    "stale": ("secure", "bogus"),
}
# dnsviz 0.9.4 grok/graph with -t fail (KeyError on the child's SOA) on
# an unsigned delegation, on its own probes as well: run without -t.
GROK_ANCHOR_CRASH = {"unsigned", "unsigned-optout", "ds-unsigned"}

tally = Tally("interop")
check = tally.check
work = tempfile.mkdtemp(prefix="cs-interop-")


def find(stem):
    for ext in ("", ".gz"):
        if os.path.exists(os.path.join(DATA, stem + ext)):
            return os.path.join(DATA, stem + ext)
    return None


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def verdict(path, *extra):
    r = run([CS, "check", "--capture", path, "--json"] + list(extra))
    if r.returncode not in (0, 1, 2, 3):
        return ("exit %d: %s" % (r.returncode, r.stderr.strip()), set())
    d = json.loads(r.stdout)
    return (d["verdict"], {f["code"] for f in d["findings"]})


def dnsviz_verdict(grok):
    """bogus: a BOGUS delegation or a signature that is not VALID;
    insecure: an INSECURE delegation; else secure."""
    dels, sigs = [], []

    def walk(o):
        if isinstance(o, dict):
            if "signer" in o and "status" in o:
                sigs.append(o["status"])
            for k, v in o.items():
                if k == "delegation" and isinstance(v, dict):
                    dels.append(v.get("status"))
                walk(v)
        elif isinstance(o, list):
            for i in o:
                walk(i)
    walk(grok)
    if "BOGUS" in dels or any(s != "VALID" for s in sigs):
        return "bogus"
    return "insecure" if "INSECURE" in dels else "secure"


def need(tool):
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            check(False, "%s is installed (scripts/install-deps)" % tool)
        else:
            print("interop: SKIP the %s checks: %s not installed" % (tool, tool))
        return False
    return True


scenarios = sorted(f[:-len(".cs.json")] for f in
                   (x[:-3] if x.endswith(".gz") else x for x in os.listdir(DATA))
                   if f.endswith(".cs.json"))
check(len(scenarios) >= 25, "a probe pair per lab scenario: %d" % len(scenarios))
check(any(find(s + ".dnsviz.json").endswith(".gz") for s in scenarios) and
      any(find(s + ".dnsviz.json").endswith(".json") for s in scenarios),
      "probes both plain and gzip-compressed")
anchor = ["--anchor", os.path.join(DATA, "root.ds")]

# ---- 1. the DNSViz probe against chainscope's own
own = {}
for s in scenarios:
    own[s] = verdict(find(s + ".cs.json"))
    dv = verdict(find(s + ".dnsviz.json"), *anchor)
    want_codes = own[s][1] - ONLY_OWN.get(s, set())
    check(dv[0] == own[s][0] and dv[1] == want_codes,
          "%s: DNSViz probe %s %s, own probe %s %s" % (s, dv[0], sorted(dv[1]), own[s][0],
                                                       sorted(own[s][1])))
check(own["valid"][0] == "secure" and own["ds-baddigest"][0] == "bogus"
      and "DS_DIGEST_MISMATCH" in own["ds-baddigest"][1], "the own probes judge as the lab says")

# dnsviz probe's default mode: through a resolver (the lab's unbound)
recursive = sorted(f for f in os.listdir(DATA) if f.endswith(".dnsviz-recursive.json"))
check(len(recursive) >= 3, "recursive DNSViz probes: %s" % recursive)
for f in recursive:
    s = f.split(".")[0]
    path = os.path.join(DATA, f)
    check(verdict(path, *anchor) == own[s], "%s: the recursive DNSViz probe judges as the own "
          "probe: %s" % (s, verdict(path, *anchor)))
    out = os.path.join(work, s + ".recursive.json")
    r = run([CS, "capture", "import", path, "-o", out])
    check(r.returncode == 0 and json.load(open(out))["options"]["mode"] == "recursive" and
          json.load(open(out))["options"]["resolver"] == "127.53.255.53",
          "%s: imported in recursive mode through the resolver" % s)

# capture import, NAME selection, several names
out = os.path.join(work, "valid.imported.json")
r = run([CS, "capture", "import", find("valid.dnsviz.json"), "-o", out, "--anchor",
         os.path.join(DATA, "root.ds")])
check(r.returncode == 0 and os.path.exists(out), "capture import: %s" % r.stderr.strip())
check(verdict(out) == own["valid"], "the imported capture judges like the probe")
imp = json.load(open(out))
check(all(q["purpose"] != "soa" for q in imp["queries"]),
      "nothing DNSViz did not ask is invented (no SOA query)")
merged = json.load(open(find("valid.dnsviz.json")))
other = json.load(gzip.open(find("expired.dnsviz.json")))
names = merged["_meta._dnsviz."]["names"] + other["_meta._dnsviz."]["names"]
merged.update(other)
merged["_meta._dnsviz."]["names"] = names
two = os.path.join(work, "two.json")
json.dump(merged, open(two, "w"))
r = run([CS, "check", "--capture", two] + anchor)
check(r.returncode == 65 and "give NAME" in r.stderr, "two names, no NAME: %s" % r.stderr.strip())
check(verdict(two, "www.expired.example", *anchor) == verdict(find("expired.dnsviz.json"), *anchor),
      "NAME selects in a DNSViz probe of several names")
r = run([CS, "check", "--capture", two, "www.nowhere.example"] + anchor)
check(r.returncode == 65 and "not in this DNSViz probe" in r.stderr, "a NAME not in it: %s" % r.stderr.strip())
r = run([CS, "check", "--capture", find("valid.cs.json"), "www.expired.example"])
check(r.returncode == 65 and "not in this capture" in r.stderr, "a NAME not in a capture")

# tui --capture on a DNSViz probe: the inspector shows the chain it holds
if need("tmux"):
    sock = "cs-interop-%d" % os.getpid()

    def tmux(*args):
        return run(["tmux", "-L", sock, "-f", "/dev/null"] + list(args))

    cmd = " ".join(shlex.quote(a) for a in [CS, "tui", "--capture", find("ds-baddigest.dnsviz.json"),
                                             "www.ds-baddigest.example"] + anchor)
    tmux("new-session", "-d", "-s", "dv", "-x", "100", "-y", "30",
         "env TERM=vt100 NO_COLOR=1 sh -c " + shlex.quote(cmd + "; echo EXIT=$?; sleep 30"))
    screen = ""
    for _ in range(50):
        time.sleep(0.2)
        screen = tmux("capture-pane", "-p", "-t", "dv").stdout
        if "ds-baddigest.example." in screen:
            break
    check("ds-baddigest.example." in screen and "example." in screen,
          "tui --capture shows the DNSViz probe's chain:\n" + screen)
    tmux("send-keys", "-t", "dv", "q")
    for _ in range(25):
        time.sleep(0.2)
        screen = tmux("capture-pane", "-p", "-t", "dv").stdout
        if "EXIT=" in screen:
            break
    check("EXIT=0" in screen, "the inspector quits with 0 on q")
    tmux("kill-server")

# ---- 2. export --dnsviz, read by dnsviz grok and graph
if need("dnsviz"):
    key = os.path.join(DATA, "root.key")
    for s in scenarios:
        exp = os.path.join(work, s + ".dnsviz.json")
        r = run([CS, "capture", "export", "--dnsviz", exp, find(s + ".cs.json")])
        if not check(r.returncode == 0, "%s: export --dnsviz: %s" % (s, r.stderr.strip())):
            continue
        ta = [] if s in GROK_ANCHOR_CRASH else ["-t", key]
        g = run([DNSVIZ, "grok", "-r", exp] + ta)
        if not check(g.returncode == 0, "%s: dnsviz grok reads the export: %s" % (s, g.stderr[-300:])):
            continue
        dv = dnsviz_verdict(json.loads(g.stdout))
        want = DNSVIZ_DIFFERS.get(s, (own[s][0], own[s][0]))
        check(want[0] == own[s][0] and dv == want[1],
              "%s: DNSViz says %s, chainscope %s" % (s, dv, own[s][0]))
        plain = os.path.join(work, s + ".own.json")
        with open(plain, "wb") as f:
            f.write(gzip.open(find(s + ".dnsviz.json")).read()
                    if find(s + ".dnsviz.json").endswith(".gz")
                    else open(find(s + ".dnsviz.json"), "rb").read())
        g = run([DNSVIZ, "grok", "-r", plain] + ta)
        check(g.returncode == 0 and dnsviz_verdict(json.loads(g.stdout)) == dv,
              "%s: DNSViz judges the export as its own probe" % s)
    for s in sorted(GROK_ANCHOR_CRASH):
        g = run([DNSVIZ, "grok", "-r", os.path.join(work, s + ".own.json"), "-t", key])
        check(g.returncode != 0 and "KeyError" in g.stderr,
              "%s: dnsviz grok -t fails on DNSViz's own probe too (its bug)" % s)
    dot = os.path.join(work, "graph.dot")
    g = run([DNSVIZ, "graph", "-r", os.path.join(work, "ds-baddigest.dnsviz.json"), "-t", key,
             "-T", "dot", "-o", dot])
    check(g.returncode == 0 and "digraph" in open(dot).read() and "ds-baddigest" in open(dot).read(),
          "dnsviz graph draws the export: %s" % g.stderr[-300:])

# ---- 3. pcap
def answered(capture):
    return sum(1 for q in capture["queries"] if q["result"] == "answer")


def load_any(path):
    return json.load(gzip.open(path) if path.endswith(".gz") else open(path))


def pcap_round_trip(label, src, want):
    pc = os.path.join(work, label + ".pcap")
    r = run([CS, "capture", "export", "--pcap", pc, src])
    if not check(r.returncode == 0, "%s: export --pcap: %s" % (label, r.stderr.strip())):
        return
    if have_tshark:
        t = run(["tshark", "-n", "-r", pc, "-Y", "dns.flags.response == 1", "-T", "fields",
                 "-e", "dns.id"])
        bad = run(["tshark", "-n", "-r", pc, "-Y", "_ws.malformed || _ws.expert.severity >= error"])
        check(t.returncode == 0 and len(t.stdout.split()) == answered(load_any(src)),
              "%s: tshark decodes every response as DNS (%d of %d)" % (
                  label, len(t.stdout.split()), answered(load_any(src))))
        check(bad.returncode == 0 and bad.stdout.strip() == "", "%s: nothing malformed: %s" % (
            label, bad.stdout[:300]))
    back = os.path.join(work, label + ".from-pcap.json")
    src_cap = load_any(src)
    r = run([CS, "capture", "import", "--pcap", pc, src_cap["query"]["name"],
             src_cap["query"]["type"], "-o", back] + anchor)
    if check(r.returncode == 0, "%s: import --pcap: %s" % (label, r.stderr.strip())):
        check(verdict(back) == want, "%s: the pcap judges as the capture: %s, want %s" % (
            label, verdict(back), want))


have_tshark = need("tshark")
for s in scenarios:
    pcap_round_trip(s, find(s + ".cs.json"), own[s])

# IPv6 and TCP: the valid capture with every server moved to IPv6 and
# every other query sent over TCP.
cap = load_any(find("valid.cs.json"))


def v6(a):
    return "fd00:53::" + a.split(".", 2)[2].replace(".", ":") if a.startswith("127.53.") else a


for i, q in enumerate(cap["queries"]):
    q["server"] = v6(q["server"])
    if i % 2:
        q["transport"] = "tcp"
for z in cap["zones"]:
    for sv in z["servers"]:
        sv["addresses"] = [v6(a) for a in sv["addresses"]]
cap["hints"] = []
six = os.path.join(work, "valid-v6-tcp.json")
json.dump(cap, open(six, "w"))
check(verdict(six) == own["valid"], "the rewritten capture still judges as before")
pcap_round_trip("valid-v6-tcp", six, own["valid"])

# Real captures (make-probes, dumpcap on lo): dig sessions walking the
# chain by hand judge as chainscope's own probe; a resolver's cold-cache
# resolution (pcapng) holds no DS queries (the DS came in the signed
# referrals), so each delegation stays indeterminate (docs/interop.md).
for f in sorted(os.listdir(os.path.join(DATA, "pcap"))):
    s, kind = f.split(".")[:2]
    src = load_any(find(s + ".cs.json"))
    path = os.path.join(DATA, "pcap", f)
    got = verdict(path, src["query"]["name"], src["query"]["type"], *anchor)
    if kind == "dig":
        check(got == own[s], "%s: the dig session judges as the own probe: %s" % (f, got))
    else:
        check(got == ("indeterminate", {"PROBE_INCOMPLETE"}),
              "%s: a resolver's traffic: indeterminate, no DS query: %s" % (f, got))
check(any(f.endswith(".pcapng") for f in os.listdir(os.path.join(DATA, "pcap"))) and
      any(f.endswith(".dig.pcap") for f in os.listdir(os.path.join(DATA, "pcap"))),
      "real captures in pcap and pcapng")
r = run([CS, "check", "--capture", os.path.join(DATA, "pcap", "valid.dig.pcap")] + anchor)
check(r.returncode == 0 and "www.valid.example" in r.stdout,
      "a dig session's target is its first query: %s" % r.stderr.strip())

# ---- 4. bad input
def bad(label, content, needle, *args):
    path = os.path.join(work, label)
    with open(path, "wb") as f:
        f.write(content)
    out = os.path.join(work, label + ".out")
    r = run([CS, "capture", "import"] + list(args) + [path, "-o", out] + anchor)
    check(r.returncode == 65 and label in r.stderr and needle in r.stderr and not os.path.exists(out),
          "%s: exit %d, %s" % (label, r.returncode, r.stderr.strip()))


pcap = open(os.path.join(work, "valid.pcap"), "rb").read()
bad("truncated.pcap", pcap[:len(pcap) // 2 + 3], "truncated", "--pcap")
bad("empty.pcap", b"", "not a pcap", "--pcap")
bad("garbage.pcap", b"\xd4\xc3\xb2\xa1" + b"\x00" * 9, "not a packet capture", "--pcap")
big = open(find("valid.dnsviz.json"), "rb").read()
bad("truncated.json.gz", gzip.compress(big)[:len(gzip.compress(big)) // 2], "gzip")
bad("other.json", b'{"format": "something else"}', "not a valid capture")
dv = json.load(open(find("valid.dnsviz.json")))
dv["_meta._dnsviz."]["version"] = 2.0
bad("version.json", json.dumps(dv).encode(), "version 2 is not supported")
dv = json.load(open(find("valid.dnsviz.json")))
dv["_meta._dnsviz."]["version"] = 1.2
resp = dv["www.valid.example."]["queries"][0]["responses"]
srv = sorted(resp)[0]
client = sorted(resp[srv])[0]
resp[srv][client]["message"] = base64.b64encode(b"\x12\x34\x81\x80\x00\x01\x00\x01").decode()
bad("badmsg.json", json.dumps(dv).encode(), "www.valid.example.: queries[0]: responses[%s]" % srv)
dv = json.load(open(find("valid.dnsviz.json")))
del dv["www.valid.example."]["queries"][0]["options"]
bad("noopts.json", json.dumps(dv).encode(), "options")

shutil.rmtree(work)
sys.exit(tally.finish())
