#!/usr/bin/python3
"""The probe engine against hostile servers (responder.py on loopback): each
mode must end cleanly within its limits, and the capture must say what
happened. The 'odd' mode is the raw-bytes guard: the capture must hold the
server's exact octets (c-ares >= 1.28 would hand back a re-serialised copy).

usage: hostile_test.py CHAINSCOPE
"""
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import dnsmini  # noqa: E402
import responder  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402
from testlib import Tally  # noqa: E402

chainscope = sys.argv[1]
ADDR, PORT = testlib.responder_address(200), 5399
tmp = tempfile.mkdtemp()
hints, anchor = responder.write_hints(tmp, ADDR)



tally = Tally("hostile probe")
check = tally.check


def run(mode, qname="www.example.", extra=()):
    pidfile = os.path.join(tmp, mode + ".pid")
    srv = subprocess.Popen([sys.executable, os.path.join(here, "responder.py"), ADDR, str(PORT),
                            mode, "--pidfile", pidfile])
    for _ in range(100):
        if os.path.exists(pidfile):
            break
        time.sleep(0.02)
    cap = os.path.join(tmp, mode + ".json")
    t0 = time.monotonic()
    try:
        r = subprocess.run([chainscope, "probe", qname, "--hints", hints, "--anchor", anchor,
                            "--port", str(PORT), "--timeout", "0.3", "--retries", "1", "-q",
                            "-o", cap] + list(extra),
                           capture_output=True, text=True, timeout=30)
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait()
        os.unlink(pidfile)
    took = time.monotonic() - t0
    check(r.returncode == 0, "%s: exit %d (%s)" % (mode, r.returncode, r.stderr.strip()))
    c = json.load(open(cap)) if r.returncode == 0 else {"queries": [], "notes": []}
    print("%-15s %3d queries %6.0f ms  %s" % (mode, len(c["queries"]), took * 1000,
                                              "; ".join(c["notes"])[:90]))
    return c, took


def results(c):
    return [q["result"] for q in c["queries"]]


# A dead server costs its timeout (with retries) once, not once per query.
c, took = run("drop")
check(c["queries"] and all(r == "timeout" for r in results(c)), "drop: all time out")
check(took < 0.3 * 2 * 2 + 1.5, "drop: took %.2fs, more than one timeout+retry" % took)
check(any("no server" in n for n in c["notes"]), "drop: a note says no server answered")

c, _ = run("odd")
answered = [q for q in c["queries"] if q["response"]]
check(answered, "odd: answers recorded")
for q in answered:
    got = base64.b64decode(q["response"])
    sent = base64.b64decode(q["query"])
    want = responder.answer("odd", sent, ADDR, q["transport"] == "tcp")
    check(got == want, "odd: capture holds other bytes than the server sent (query %d)" % q["id"])
    check(got.endswith(b"TRAILER"), "odd: trailing octets kept")
    check(sent[:2] == got[:2], "odd: recorded query carries the ID really sent")

# Random octets (a fixed seed): c-ares matches a response to its query by
# ID and question before it hands it over, which random octets never pass
# (1 in 65536 for the ID alone): every query times out, nothing is kept as
# an answer, and the note says no server answered.
c, _ = run("garbage")
check(c["queries"] and all(r == "timeout" for r in results(c)),
      "garbage: every query times out (%s)" % sorted(set(results(c))))
check(not any(q["response"] for q in c["queries"]), "garbage: no response kept")
check(any("no server" in n for n in c["notes"]), "garbage: a note says no server answered")

for mode in ("wrong-id", "wrong-question"):
    c, took = run(mode)
    check(c["queries"] and all(r == "timeout" for r in results(c)),
          "%s: c-ares drops mismatched answers; recorded as timeouts" % mode)

c, _ = run("tc-notcp")
udp = [q for q in c["queries"] if q["transport"] == "udp" and q["response"]]
tcp = [q for q in c["queries"] if q["transport"] == "tcp"]
check(udp and dnsmini.parse(base64.b64decode(udp[0]["response"]))["tc"], "tc-notcp: TC answer kept")
check(tcp and all(q["result"] == "refused" for q in tcp), "tc-notcp: TCP retry refused")

c, took = run("tc-stall")
tcp = [q for q in c["queries"] if q["transport"] == "tcp"]
check(tcp and all(q["result"] == "timeout" for q in tcp), "tc-stall: TCP retry timed out")

c, _ = run("tc-shortlen")
tcp = [q for q in c["queries"] if q["transport"] == "tcp"]
check(tcp and all(q["result"] != "answer" for q in tcp), "tc-shortlen: short TCP answer not taken")

# A server without EDNS truncates by cutting the answer at 512 octets (TC=1,
# no OPT, the counts unchanged, so it does not parse): every such answer, to
# an EDNS query or to the plain one, is asked again over TCP, and the TCP
# answer is what the capture holds and the walk follows.
c, _ = run("tc-noopt")
udp = [q for q in c["queries"] if q["transport"] == "udp" and q["response"]]
tcp = [q for q in c["queries"] if q["transport"] == "tcp"]
check(udp and all(len(base64.b64decode(q["response"])) == 512
                  and base64.b64decode(q["response"])[2] & 0x02 for q in udp),
      "tc-noopt: the cut UDP answers (TC=1) are kept")
check({q["purpose"] for q in udp} >= {"plain", "target", "soa"},
      "tc-noopt: plain, SOA and target queries answered over UDP (%s)"
      % sorted({q["purpose"] for q in udp}))
for u in udp:
    key = (u["server"], u["qname"], u["qtype"], u["purpose"])
    follow = [t for t in tcp if (t["server"], t["qname"], t["qtype"], t["purpose"]) == key]
    ok = len(follow) == 1 and follow[0]["result"] == "answer" and follow[0]["response"]
    if ok:
        m = dnsmini.parse(base64.b64decode(follow[0]["response"]))
        ok = not m["tc"] and len(m["additional"]) >= 40 and follow[0]["edns_size"] == u["edns_size"]
    check(ok, "tc-noopt: %s %s (%s): no TCP answer recorded after TC=1 without OPT"
          % (u["qname"], u["qtype"], u["purpose"]))
target = [t for t in tcp if t["purpose"] == "target"]
check(target and any(rr[1] == 1 for rr in dnsmini.parse(base64.b64decode(target[0]["response"]))["answer"])
      and not any("no server" in n for n in c["notes"]),
      "tc-noopt: the walk ends on the TCP answer (%s)" % c["notes"])

c, _ = run("referral-loop")
check(len(c["queries"]) < 200, "referral-loop: bounded (%d queries)" % len(c["queries"]))
check(any("no server" in n for n in c["notes"]), "referral-loop: walk stopped with a note")

c, _ = run("sideways")
check(len(c["queries"]) < 200 and any("no server" in n for n in c["notes"]),
      "sideways: referrals off the path are not followed")

for mode in ("lame", "refused"):
    c, _ = run(mode)
    check(c["queries"] and all(r == "answer" for r in results(c)), "%s: answers recorded" % mode)
    check(any("no server" in n for n in c["notes"]), "%s: walk stopped with a note" % mode)

c, _ = run("big")
sizes = [len(base64.b64decode(q["response"])) for q in c["queries"] if q["response"]]
check(sizes and max(sizes) == 4096, "big: a 4096-octet UDP answer kept whole (%s)" % sizes[:3])

c, _ = run("ptr-loop")
resp = [q for q in c["queries"] if q["response"]]
check(resp, "ptr-loop: answers recorded")
for q in resp[:1]:
    path = os.path.join(tmp, "loop.bin")
    open(path, "wb").write(base64.b64decode(q["response"]))
    r = subprocess.run([chainscope, "decode", path], capture_output=True, text=True)
    check(r.returncode == 65 and "compression pointer" in r.stderr,
          "ptr-loop: decode reports the pointer (%d %s)" % (r.returncode, r.stderr.strip()))

c, _ = run("cname-chain", qname="c0.example.")
targets = {q["qname"] for q in c["queries"] if q["purpose"] == "target"}
check(len(targets) == 17 and any("CNAME chain longer than 16" in n for n in c["notes"]),
      "cname-chain: 16 links followed, then a note (%d names)" % len(targets))

c, _ = run("cname-loop", qname="c0.example.")
targets = {q["qname"] for q in c["queries"] if q["purpose"] == "target"}
check(targets == {"c0.example.", "c1.example."} and any("CNAME loop" in n for n in c["notes"]),
      "cname-loop: detected (%s)" % sorted(targets))

# A server behind a firewall that drops EDNS: reported as a DNSSEC downgrade.
c, _ = run("noedns")
plain = [q for q in c["queries"] if q["purpose"] == "plain"]
check(plain and all(q["response"] and q["edns_size"] == 0 and not q["do"] for q in plain),
      "noedns: the plain SOA query was answered")
cap = os.path.join(tmp, "noedns.json")
r = subprocess.run([chainscope, "check", "--capture", cap, "--json"], capture_output=True, text=True)
codes = {f["code"]: f["servers"] for f in json.loads(r.stdout)["findings"]} if r.stdout else {}
check(codes.get("SERVER_EDNS_DOWNGRADE") == [ADDR], "noedns: SERVER_EDNS_DOWNGRADE on %s (%s)" % (ADDR, codes))

# A query limit is recorded, not fatal.
c, _ = run("referral-loop", extra=("--max-queries", "5"))
check(len(c["queries"]) == 5 and any("query limit" in n for n in c["notes"]),
      "max-queries: stops at the limit with a note")

sys.exit(tally.finish())
