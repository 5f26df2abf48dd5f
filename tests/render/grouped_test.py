#!/usr/bin/python3
"""Server addresses at real-world size, pinned on saved captures of the IPv6
lab (lab start --netns): many-servers (8 names, 12 addresses, 6 IPv4 and 6
IPv6, one serving an expired copy), mixed, v6dead. The grouped text view (one
line when all agree; the dissenter, then "N others"), the -v view (every
address), JSON (every address) and the HTML <details> (every address).
Every expectation is written here, from the lab's address plan
(samples/lab/README.md), never read from the output under test.

usage: grouped_test.py CHAINSCOPE CAPTURES_DIR
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

chainscope, captures = sys.argv[1], sys.argv[2]
tally = Tally("grouped servers")
check = tally.check

LONG = "long-name-for-a-name-server-of-this-zone.many-servers.example."
# many-servers.example.: (address, name), in the order the probe met them
MANY = [("127.53.40.1", "ns1.many-servers.example."),
        ("2001:db8::53:40:1", "ns1.many-servers.example."),
        ("127.53.40.2", "ns2.many-servers.example."),
        ("2001:db8::53:40:2", "ns2.many-servers.example."),
        ("127.53.40.3", "ns3." + LONG), ("2001:db8::53:40:3", "ns3." + LONG),
        ("127.53.40.4", "ns4." + LONG), ("2001:db8::53:40:4", "ns4." + LONG),
        ("127.53.40.5", "ns5.many-servers.example."),
        ("127.53.40.6", "ns6.many-servers.example."),
        ("2001:db8::53:40:7", "ns7.many-servers.example."),
        ("2001:db8::53:40:8", "ns8." + LONG)]
STALE = "2001:db8::53:40:8"
IN = "      "  # a server line's indent in a third-level zone


def run(cap, *args):
    r = subprocess.run([chainscope, "check", "--capture", os.path.join(captures, cap)] +
                       list(args), capture_output=True, text=True, timeout=60)
    return r.stdout


def block(text, zone):
    """The lines of one zone's block in the text report, up to the next zone
    or the answer."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip().startswith(zone + " [")), None)
    if start is None:
        return []
    out = []
    for l in lines[start + 1:]:
        if not l.strip() or re.match(r"^\s*\S+\. \[", l):
            break
        out.append(l)
    return out


def server_lines(lines):
    """The lines from the first server line to the summary line or the
    failure figure, findings left out."""
    out = []
    for l in lines:
        s = l.strip()
        if s.startswith(("ERROR", "WARNING", "NOTICE")) or "fail validation" in s:
            break
        if out or s.startswith("server ") or "addresses (" in s or s.endswith(": secure"):
            out.append(l)
    return out


# ---- text, grouped (the default)
t = run("many-servers.json")
got = server_lines(block(t, "many-servers.example."))
want = [IN + "server %s [bogus]" % STALE,
        IN + "    ns8." + LONG,  # name and address do not fit 80 columns together
        IN + "    DNSKEY signature expired",
        IN + "11 others: secure"]
check(got == want, "many-servers text: the dissenter with its reason, then '11 others: secure':\n"
      "%s" % "\n".join(got))
check(server_lines(block(t, ".")) == ["  4 addresses (2 servers): all secure"],
      "many-servers text: the root on one line (%s)" % server_lines(block(t, ".")))
check(server_lines(block(t, "example.")) == ["    4 addresses (2 servers): all secure"],
      "many-servers text: example. on one line")
check(all(len(l) <= 80 for l in t.splitlines() if "IN RRSIG" not in l),
      "many-servers text: no line wider than 80 columns")
check("1 of 12 server addresses fail validation" in t, "many-servers text: the failure figure")

t = run("mixed.json")
check(server_lines(block(t, "mixed.example.")) == [IN + "3 addresses (2 servers): all secure"],
      "mixed text: 3 addresses (2 servers): all secure")
t = run("v6dead.json")
got = server_lines(block(t, "v6dead.example."))
check(got == [IN + "server 2001:db8::53:99:1 ns2.v6dead.example. [indeterminate]",
              IN + "    does not answer (timeout)", IN + "1 other: secure"],
      "v6dead text: the dead IPv6 server, then '1 other: secure': %s" % got)

# ---- text, -v: every address on its own line, no summary line
t = run("many-servers.json", "-v")
got = server_lines(block(t, "many-servers.example."))
want = []
for addr, name in MANY:
    state = "bogus" if addr == STALE else "secure"
    line = "%sserver %s %s [%s]" % (IN, addr, name, state)
    if len(line) <= 80:
        want.append(line)
    else:
        want += ["%sserver %s [%s]" % (IN, addr, state), IN + "    " + name]
    if addr == STALE:
        want.append(IN + "    DNSKEY signature expired")
check(got == want, "many-servers -v: all 12 addresses in order:\n%s" % "\n".join(got))
check(server_lines(block(t, ".")) == [
    "  server 127.53.0.1 A.ROOT-SERVERS.LAB. [secure]",
    "  server 2001:db8::53:0:1 A.ROOT-SERVERS.LAB. [secure]",
    "  server 127.53.0.2 B.ROOT-SERVERS.LAB. [secure]",
    "  server 2001:db8::53:0:2 B.ROOT-SERVERS.LAB. [secure]"],
    "many-servers -v: the root's 4 addresses (%s)" % server_lines(block(t, ".")))

# ---- JSON: every address, the dissenter marked, the summary's figures
d = json.loads(run("many-servers.json", "--json"))
z = next(z for z in d["zones"] if z["name"] == "many-servers.example.")
check([(s["address"], s["name"]) for s in z["servers"]] == MANY,
      "many-servers JSON: all 12 addresses with their names")
check([s["address"] for s in z["servers"] if s["dissents"]] == [STALE],
      "many-servers JSON: only %s dissents" % STALE)
sm = z["server_summary"]
check((sm["addresses"], sm["names"], sm["dissenting"], sm["majority"], sm["worst"]) ==
      (12, 8, 1, "secure", "bogus"), "many-servers JSON: summary 12 addresses, 8 names, 1 "
      "dissenting, majority secure, worst bogus (%s)" % sm)

# ---- HTML: the dissenter and "11 others" shown, every address in <details>
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "r.html")
    subprocess.run([chainscope, "check", "--capture", os.path.join(captures, "many-servers.json"),
                    "--html", out], capture_output=True, timeout=60)
    h = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
row = next((r.split("</tr>")[0] for r in h.split("<tr>")
            if r.startswith('<td class="mono">many-servers.example.</td>')), "")
shown, _, det = row.partition("<details>")
check("11 others:" in shown and html.escape(STALE) in shown and "bogus" in shown,
      "many-servers HTML: the dissenter and '11 others' before the <details>")
check(shown.count("<li>") == 2, "many-servers HTML: two visible lines (%d)" % shown.count("<li>"))
check("<summary>all 12 addresses</summary>" in det, "many-servers HTML: <details> says 12")
items = re.findall(r'<li><span class="addr">([^<]*)</span> <span class="st (\w+)">', det)
check(items == [("%s (%s)" % (a, n), "bogus" if a == STALE else "secure") for a, n in MANY],
      "many-servers HTML: the <details> list every address with its state (%d)" % len(items))

sys.exit(tally.finish())
