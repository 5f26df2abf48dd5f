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
import socket
import struct
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import responder  # noqa: E402
sys.path.insert(0, os.path.join(here, ".."))
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
ADDR, PORT = "127.53.214.1", 5314
t = Tally("raw bytes")
tmp = tempfile.mkdtemp()


def ask(server, port, transport, query):
    """Send query octets as they are; the answer's octets (None: none)."""
    if transport == "udp":
        s = socket.socket(socket.AF_INET6 if ":" in server else socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        try:
            s.sendto(query, (server, port))
            return s.recv(65535)
        except OSError:
            return None
        finally:
            s.close()
    s = socket.create_connection((server, port), timeout=2)
    try:
        s.sendall(struct.pack(">H", len(query)) + query)
        data = b""
        while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
            chunk = s.recv(65535)
            if not chunk:
                return None
            data += chunk
        return data[2:2 + struct.unpack(">H", data[:2])[0]]
    except OSError:
        return None
    finally:
        s.close()


def replay(c, what, transports):
    """Every answered query of capture c asked again: the same octets."""
    done = {"udp": 0, "tcp": 0}
    for q in c["queries"]:
        if not q["response"] or q.get("cached"):
            continue
        sent, got = base64.b64decode(q["query"]), base64.b64decode(q["response"])
        again = ask(q["server"], q["port"], q["transport"], sent)
        t.check(again == got, "%s: query %d (%s %s %s): the capture is not what %s answers again"
                % (what, q["id"], q["transport"], q["qname"], q["qtype"], q["server"]))
        t.check(sent[:2] == got[:2], "%s: query %d: the recorded query has the answer's ID" % (what, q["id"]))
        done[q["transport"]] += 1
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
