#!/usr/bin/python3
"""A capture holds the server's own octets, whatever c-ares version runs:
every captured query is sent to its server again and the answer must equal
the captured response byte for byte. Against a responder with a
deliberately odd answer (a compression pointer into the question, upper
case, an unknown EDNS option, trailing octets: a re-serialiser changes all
of these), over UDP and over TCP with the stream written in pieces (a
length prefix cut in two, messages cut across writes, several answers in one
write); and, when the lab runs, against every NSD server of a lab name.

usage: rawbytes_test.py CHAINSCOPE
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
import responder  # noqa: E402
import replay as replayer  # noqa: E402
sys.path.insert(0, os.path.join(here, ".."))
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
ADDR, PORT = "127.53.214.1", 5314
t = Tally("raw bytes")
tmp = tempfile.mkdtemp()


def replay(c, what, transports):
    """Every answered query of capture c asked again: the same octets."""
    done, mismatches = replayer.replay(c)
    for m in mismatches:
        t.check(False, "%s: %s" % (what, m))
    for tr in transports:
        t.check(done[tr] > 0, "%s: answers over %s replayed (%s)" % (what, tr, done))


def probe(args, out):
    r = subprocess.run([chainscope, "probe"] + args + ["-q", "-o", out],
                       capture_output=True, text=True, timeout=60)
    t.check(r.returncode == 0, "probe %s: exit %d (%s)" % (args[0], r.returncode, r.stderr.strip()))
    return json.load(open(out)) if r.returncode == 0 else {"queries": []}


hints, anchor = responder.write_hints(tmp, ADDR)

for mode, transports in (("odd", ["udp"]), ("odd-tcp", ["udp", "tcp"])):
    pidfile = os.path.join(tmp, mode + ".pid")
    log = os.path.join(tmp, mode + ".log")
    srv = subprocess.Popen([sys.executable, os.path.join(here, "responder.py"), ADDR, str(PORT), mode,
                            "--pidfile", pidfile, "--log", log])
    for _ in range(200):
        if os.path.exists(pidfile):
            break
        time.sleep(0.02)
    try:
        c = probe(["www.example.", "--hints", hints, "--anchor", anchor, "--port", str(PORT),
                   "--timeout", "1", "--retries", "1"], os.path.join(tmp, mode + ".json"))
        for q in c["queries"]:
            if q["response"]:
                got = base64.b64decode(q["response"])
                t.check(got.endswith(b"TRAILER") or q["transport"] == "udp" and mode == "odd-tcp",
                        "%s: query %d: trailing octets kept" % (mode, q["id"]))
        replay(c, mode, transports)
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait()
    if mode == "odd-tcp":
        streams = [int(x) for x in open(log)] if os.path.exists(log) else []
        t.check(streams and max(streams) >= 2,
                "odd-tcp: several answers were coalesced in one TCP stream write (%s)" % streams)

env = require_lab("rawbytes_test")
if env is None:
    t.check(False, "the lab is not running (samples/lab/lab start --with-unbound)")
else:
    c = probe(["www.valid-nsec3.lab.", "--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"],
               "--port", env["LAB_PORT"]], os.path.join(tmp, "lab.json"))
    replay(c, "lab", ["udp"])
sys.exit(t.finish())
