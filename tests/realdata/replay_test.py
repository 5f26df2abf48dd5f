#!/usr/bin/python3
"""Real signed root zones, replayed (tests/realdata/README.md: provenance).

Each zone is served by NSD on the real root server addresses (the zone's own
glue and chainscope's built-in hints) inside a network namespace whose only
interface is loopback, so no packet can leave the machine: before anything
runs, the test asserts that the namespace has no interface but lo. chainscope
runs inside it with its built-in hints and anchors (and with --anchor), at a
time inside or after each zone's signature window, and unbound, started in
the namespace with val-override-date, is the oracle.

usage: replay_test.py CHAINSCOPE DATADIR SOURCEDIR   (as root: ip netns)
"""
import gzip
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

chainscope, datadir, srcdir = (os.path.abspath(a) for a in sys.argv[1:4])
tally = Tally("realdata replay")
check = tally.check
DS20326 = ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
DS19036 = ". IN DS 19036 8 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5\n"

missing = [t for t in ("ip", "nsd", "unbound", "dig") if shutil.which(t) is None]
if os.geteuid() != 0 or missing:
    # Never a skip: CI runs as root with these installed.
    print("replay_test: needs root (ip netns) and %s; missing: %s" %
          ("ip nsd unbound dig", " ".join(missing) or "root"))
    sys.exit(1)

ns = "csreplay%d" % os.getpid()
tmp = tempfile.mkdtemp(prefix="cs-replay-")
procs = []


def inns(*args, **kw):
    return subprocess.run(["ip", "netns", "exec", ns] + list(args), capture_output=True,
                          text=True, timeout=kw.pop("timeout", 120), **kw)


def root_addresses(zone_text):
    """The root servers' addresses: the zone's glue and the built-in hints."""
    addrs = set()
    for line in zone_text.splitlines():
        t = line.split()
        if len(t) == 5 and t[0].lower().endswith(".root-servers.net.") and t[3] in ("A", "AAAA"):
            addrs.add(t[4])
    hints = open(os.path.join(srcdir, "core", "probe", "rootdata.c")).read()
    addrs.update(re.findall(r"ROOT-SERVERS\.NET\. \d+ (?:A|AAAA) ([0-9a-fA-F:.]+)", hints))
    return sorted({ipaddress.ip_address(a).compressed for a in addrs})


def stop_all():
    while procs:
        p = procs.pop()
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def serve(zone_file, addrs, unbound_anchor, date):
    """NSD for the root on every address, unbound on 127.0.0.1 as oracle."""
    stop_all()
    d = os.path.join(tmp, "run-%d" % len(os.listdir(tmp)))
    os.makedirs(d)
    with open(os.path.join(d, "nsd.conf"), "w") as f:
        f.write("server:\n")
        for a in addrs:
            f.write("    ip-address: %s\n" % a)
        f.write('    port: 53\n    username: ""\n    chroot: ""\n    database: ""\n'
                '    zonesdir: "%s"\n    zonelistfile: "%s/zone.list"\n'
                '    xfrdfile: "%s/xfrd.state"\n    pidfile: "%s/nsd.pid"\n'
                '    logfile: "%s/nsd.log"\n    server-count: 1\n    verbosity: 1\n'
                'remote-control:\n    control-enable: no\n'
                'zone:\n    name: "."\n    zonefile: "%s"\n' % (d, d, d, d, d, zone_file))
    with open(os.path.join(d, "anchor.ds"), "w") as f:
        f.write(unbound_anchor)
    with open(os.path.join(d, "unbound.conf"), "w") as f:
        f.write('server:\n    interface: 127.0.0.1\n    port: 53\n    do-ip6: yes\n'
                '    access-control: 127.0.0.0/8 allow\n    username: ""\n    chroot: ""\n'
                '    directory: "%s"\n    pidfile: "%s/unbound.pid"\n    logfile: "%s/unbound.log"\n'
                '    use-syslog: no\n    trust-anchor-file: "%s/anchor.ds"\n'
                '    val-override-date: "%s"\n    trust-anchor-signaling: no\n'
                '    root-key-sentinel: no\n    qname-minimisation: no\n    num-threads: 1\n'
                '    outgoing-range: 64\n    so-reuseport: no\n'
                'remote-control:\n    control-enable: no\n' % (d, d, d, d, date))
    procs.append(subprocess.Popen(["ip", "netns", "exec", ns, "nsd", "-d", "-c",
                                   os.path.join(d, "nsd.conf")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for _ in range(300):
        r = inns("dig", "@" + addrs[0], "+norec", "+time=1", "+tries=1", ".", "SOA")
        if "status: NOERROR" in r.stdout:
            break
        time.sleep(0.1)
    else:
        raise SystemExit("replay_test: NSD does not answer: %s" %
                         open(os.path.join(d, "nsd.log")).read()[-2000:])
    procs.append(subprocess.Popen(["ip", "netns", "exec", ns, "unbound", "-d", "-c",
                                   os.path.join(d, "unbound.conf")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for _ in range(100):
        r = inns("dig", "@127.0.0.1", "+time=1", "+tries=1", "version.bind", "CH", "TXT")
        if "status: " in r.stdout:
            return d
        time.sleep(0.1)
    raise SystemExit("replay_test: unbound does not answer")


def oracle(name, qtype):
    r = inns("dig", "@127.0.0.1", "+dnssec", "+time=10", "+tries=1", name, qtype)
    if "status: SERVFAIL" in r.stdout:
        return "bogus"
    flags = [l for l in r.stdout.splitlines() if l.startswith(";; flags:")]
    words = flags[0].split(":", 1)[1].split(";")[0].split() if flags else []
    return "secure" if "ad" in words else ("insecure" if flags else "none")


def cs(name, qtype, at, *extra):
    r = inns(chainscope, "check", name, qtype, "--at", at, "--timeout", "0.5", "--retries", "0",
             "-q", "--json", *extra)
    try:
        return json.loads(r.stdout)
    except ValueError:
        check(False, "%s %s: no JSON (exit %d): %s" % (name, qtype, r.returncode, r.stderr[-500:]))
        return {"verdict": "none", "findings": [], "zones": [], "next_break": None,
                "evaluated_at_s": 0}


rows = []


def case(label, name, qtype, at, want, codes_in=(), codes_out=(), extra=(), ub_date=None,
         ub_anchor=DS20326):
    d = cs(name, qtype, at, *extra)
    codes = {f["code"] for f in d["findings"]}
    check(d["verdict"] == want, "%s: %s %s: %s, expected %s" % (label, name, qtype, d["verdict"], want))
    for c in codes_in:
        check(c in codes, "%s: %s %s: %s among %s" % (label, name, qtype, c, sorted(codes)))
    for c in codes_out:
        check(c not in codes, "%s: %s %s: no %s (%s)" % (label, name, qtype, c, sorted(codes)))
    root_bad = [(f["code"], f["message"]) for f in d["findings"]
                if f["zone"] == "." and f["severity"] in ("warning", "error")]
    if want == "secure":
        check(not root_bad, "%s: no warning or error about the root: %s" % (label, root_bad))
    rows.append((label, "%s %s" % (name, qtype), d["verdict"], ",".join(sorted(codes)) or "-"))
    return d


try:
    subprocess.run(["ip", "netns", "add", ns], check=True)
    inns("ip", "link", "set", "lo", "up")
    links = [l.split(":")[1].strip().split("@")[0] for l in inns("ip", "-o", "link").stdout.splitlines()]
    if links != ["lo"]:
        print("replay_test: the namespace has interfaces other than lo: %s; stopping" % links)
        sys.exit(1)
    check(True, "the namespace has no interface but lo")
    for year, serial, inside, after, ub_in, ub_after in (
            ("2022", "2022021501", "2022-02-20T12:00:00Z", "2022-03-10T00:00:00Z",
             "20220220120000", "20220310000000"),
            ("2017", "2017082100", "2017-08-25T12:00:00Z", None, "20170825120000", None)):
        text = gzip.open(os.path.join(datadir, "root.zone.%s.gz" % serial), "rt").read()
        zone_file = os.path.join(tmp, "root.%s.zone" % serial)
        with open(zone_file, "w") as f:
            f.write(text)
        addrs = root_addresses(text)
        for a in addrs:
            r = inns("ip", "addr", "add", a + ("/128" if ":" in a else "/32"), "dev", "lo",
                     *(["nodad"] if ":" in a else []))
            check(r.returncode == 0 or "File exists" in r.stderr, "address %s: %s" % (a, r.stderr))
        ds20326 = os.path.join(tmp, "ksk-2017.ds")
        ds19036 = os.path.join(tmp, "ksk-2010.ds")
        open(ds20326, "w").write(DS20326)
        open(ds19036, "w").write(DS19036)
        if year == "2022":
            serve(zone_file, addrs, DS20326, ub_in)
            for name, qtype in ((".", "SOA"), (".", "DNSKEY"), ("com.", "DS"),
                                ("no-such-tld-chainscope.", "A")):
                ub = oracle(name, qtype)
                check(ub == "secure", "2022 inside: unbound says %s for %s %s" % (ub, name, qtype))
                d = case("2022 inside, built in", name, qtype, inside, ub,
                         codes_out=("DS_STALE", "TRUST_ANCHOR_NO_MATCH"))
                case("2022 inside, --anchor", name, qtype, inside, ub, extra=("--anchor", ds20326))
            nx = cs("no-such-tld-chainscope.", "A", inside)
            check(nx.get("answer") == "nxdomain", "2022: NXDOMAIN at the root (%s)" % nx.get("answer"))
            serve(zone_file, addrs, DS20326, ub_after)
            ub = oracle(".", "SOA")
            check(ub == "bogus", "2022 after: unbound says %s" % ub)
            d = case("2022 after window", ".", "SOA", after, "bogus", codes_in=("RRSIG_EXPIRED",))
            nb = d.get("next_break")
            check(nb is not None and nb["at_s"] < d["evaluated_at_s"],
                  "2022 after: the next break is in the past (%s)" % nb)
        else:
            serve(zone_file, addrs, DS19036, ub_in)
            ub = oracle(".", "SOA")
            check(ub == "secure", "2017 from 19036: unbound says %s" % ub)
            case("2017, --anchor 19036", ".", "SOA", inside, "secure", extra=("--anchor", ds19036))
            serve(zone_file, addrs, DS20326, ub_in)
            ub = oracle(".", "SOA")
            check(ub == "bogus", "2017 from 20326: unbound says %s" % ub)
            d = case("2017, --anchor 20326", ".", "SOA", inside, "bogus",
                     codes_in=("TRUST_ANCHOR_NO_MATCH",), extra=("--anchor", ds20326))
            root = [z for z in d["zones"] if z["name"] == "."]
            st = [a["status"] for a in root[0]["trust_anchors"]] if root else []
            check(st == ["key-not-signing"], "2017: 20326 is published but signs nothing (%s)" % st)
            case("2017, built in", ".", "SOA", inside, "bogus", codes_in=("TRUST_ANCHOR_NO_MATCH",))
        for a in addrs:
            inns("ip", "addr", "del", a + ("/128" if ":" in a else "/32"), "dev", "lo")
finally:
    stop_all()
    subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    shutil.rmtree(tmp, ignore_errors=True)

print("%-24s %-32s %-10s %s" % ("case", "query", "chainscope", "codes"))
for row in rows:
    print("%-24s %-32s %-10s %s" % row)
sys.exit(tally.finish())
