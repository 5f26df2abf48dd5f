#!/usr/bin/python3
"""A real server behind a path that drops large UDP answers (SERVER_QUERY_TIMEOUT).

A forwarder on a test address relays queries to the lab's NSD server of
rsa.example. (RSA/SHA-256 2048-bit keys: its DNSKEY answer is about 1190
octets, its SOA about 1020) and drops every UDP answer above LIMIT octets,
as a path does that fragments large answers and filters the fragments (or
a firewall that drops DNS packets above a size); TCP passes. chainscope is
pointed at it with --ns:

- the forwarder beside the real server: secure (the real server answers),
  SERVER_QUERY_TIMEOUT naming the forwarder's address and "rsa.example.
  DNSKEY", with the real server's answer size as evidence; no
  SERVER_TIMEOUT (the forwarder answers the SOA);
- the forwarder alone: indeterminate, SERVER_QUERY_TIMEOUT, and not
  DS_UNSIGNED_CHILD (the DNSKEY was never answered, so it is not absent).

usage: smallpath_test.py CHAINSCOPE
"""
import json
import os
import socket
import struct
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402

chainscope = sys.argv[1]
env = testlib.require_lab("smallpath_test")
t = testlib.Tally("small path")
PORT = int(env["LAB_PORT"])
REAL = "127.53.10.3"  # ns1.rsa.example. (samples/lab/lib/gen.py)
FWD = testlib.responder_address(202)
LIMIT = 1100
ZONE, QNAME = "rsa.example.", "www.rsa.example."


def udp_forwarder(sock):
    while True:
        try:
            query, client = sock.recvfrom(65535)
        except OSError:
            return
        threading.Thread(target=udp_one, args=(sock, query, client), daemon=True).start()


def udp_one(sock, query, client):
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.settimeout(2)
    try:
        up.sendto(query, (REAL, PORT))
        answer = up.recv(65535)
        if len(answer) <= LIMIT:
            sock.sendto(answer, client)
    except OSError:
        pass
    finally:
        up.close()


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


def tcp_forwarder(lsock):
    while True:
        try:
            conn, _ = lsock.accept()
        except OSError:
            return
        threading.Thread(target=tcp_one, args=(conn,), daemon=True).start()


def tcp_one(conn):
    try:
        conn.settimeout(3)
        n = struct.unpack(">H", recv_exact(conn, 2))[0]
        query = recv_exact(conn, n)
        with socket.create_connection((REAL, PORT), timeout=3) as up:
            up.sendall(struct.pack(">H", len(query)) + query)
            m = struct.unpack(">H", recv_exact(up, 2))[0]
            conn.sendall(struct.pack(">H", m) + recv_exact(up, m))
    except OSError:
        pass
    finally:
        conn.close()


def check(servers):
    r = subprocess.run([chainscope, "check", QNAME, "A", "--hints", env["LAB_HINTS"], "--anchor",
                        env["LAB_ANCHOR_DS"], "--port", str(PORT), "--ns", ZONE + "=" + servers,
                        "--timeout", "0.5", "--retries", "1", "--json"],
                       capture_output=True, text=True, timeout=60)
    try:
        d = json.loads(r.stdout)
    except ValueError:
        t.check(False, "--ns %s: JSON (exit %d, %s)" % (servers, r.returncode, r.stderr.strip()))
        d = {"verdict": None, "findings": []}
    d["exit"] = r.returncode
    return d


def codes(d):
    return sorted({f["code"] for f in d["findings"]})


udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((FWD, PORT))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((FWD, PORT))
tcp.listen(16)
for target, sock in ((udp_forwarder, udp), (tcp_forwarder, tcp)):
    threading.Thread(target=target, args=(sock,), daemon=True).start()

# The premise: through the forwarder the SOA comes back and the DNSKEY does not.
d = check(REAL + "," + FWD)
t.check(d["verdict"] == "secure" and d["exit"] == 1,
        "beside the real server: secure with a warning, exit 1 (%s, %d, %s)"
        % (d["verdict"], d["exit"], codes(d)))
t.check(codes(d) == ["SERVER_QUERY_TIMEOUT"], "beside: only SERVER_QUERY_TIMEOUT (%s)" % codes(d))
f = next((f for f in d["findings"] if f["code"] == "SERVER_QUERY_TIMEOUT"), None)
if f is not None:
    t.check(f["servers"] == [FWD] and f["zone"] == ZONE,
            "beside: it names %s in %s (%s, %s)" % (FWD, ZONE, f["servers"], f["zone"]))
    t.check("rsa.example. DNSKEY" in f["message"], "beside: the DNSKEY query is named (%s)"
            % f["message"])
    ev = [e for e in f["evidence"] if "rsa.example. DNSKEY" in e]
    size = [int(w) for e in ev for w in e.split() if w.isdigit() and "answers it in" in e]
    t.check(ev and size and max(size) > LIMIT,
            "beside: the evidence gives %s's answer size, above %d (%s)" % (REAL, LIMIT, ev))

d = check(FWD)
t.check(d["verdict"] == "indeterminate", "alone: indeterminate (%s, %s)" % (d["verdict"], codes(d)))
t.check("SERVER_QUERY_TIMEOUT" in codes(d) and "DS_UNSIGNED_CHILD" not in codes(d)
        and "SERVER_TIMEOUT" not in codes(d),
        "alone: SERVER_QUERY_TIMEOUT, neither DS_UNSIGNED_CHILD nor SERVER_TIMEOUT (%s)" % codes(d))
z = next((z for z in d.get("zones", []) if z["name"] == ZONE), {})
t.check(z.get("state") == "indeterminate", "alone: %s indeterminate (%s)" % (ZONE, z.get("state")))
udp.close()
tcp.close()
sys.exit(t.finish())
