#!/usr/bin/python3
"""The sample lab's delay relay (samples/lab/lib/relay.c): UDP and TCP
messages reach the backend and come back, each held at least the delay in
each direction; an end of stream is passed on; a map with an address
outside 127.0.0.0/8 is refused; bad usage exits 2; SIGTERM stops it with
exit 0 and removes its PID file.

usage: relay_test.py RELAY   (the relay built by meson: lab-relay)
"""
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

relay = sys.argv[1]
tally = Tally("relay")
check = tally.check
DELAY_MS = 50
tmp = tempfile.mkdtemp(prefix="cs-relay-test-")
# Addresses and port of our own, away from the lab's 127.53/127.54.
net = "127.57.%d" % (os.getpid() % 250 + 1)
PUB, BACK = net + ".1", net + ".2"
PORT = random.randint(20000, 40000)


def read_all(sock):
    """Everything until the end of stream."""
    data = b""
    while True:
        chunk = sock.recv(65535)
        if not chunk:
            return data
        data += chunk


def echo_udp(sock):
    while True:
        try:
            data, addr = sock.recvfrom(65535)
        except OSError:
            return
        sock.sendto(data.upper(), addr)


def echo_tcp(srv):
    while True:
        try:
            c, _ = srv.accept()
        except OSError:
            return
        data = read_all(c)
        c.sendall(data.upper())  # after the client's end of stream
        c.close()


udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((BACK, PORT))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((BACK, PORT))
tcp.listen(8)
threading.Thread(target=echo_udp, args=(udp,), daemon=True).start()
threading.Thread(target=echo_tcp, args=(tcp,), daemon=True).start()


def start(map_text, delay=DELAY_MS):
    m = os.path.join(tmp, "map")
    with open(m, "w") as f:
        f.write(map_text)
    pidfile = os.path.join(tmp, "relay.pid")
    p = subprocess.Popen([relay, "--map", m, "--port", str(PORT), "--delay", str(delay),
                          "--pidfile", pidfile], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    for _ in range(250):
        if os.path.exists(pidfile) or p.poll() is not None:
            break
        time.sleep(0.02)
    return p, pidfile


# 1. Through the relay: UDP and TCP, each at least 2 x the delay.
p, pidfile = start("%s %s\n" % (PUB, BACK))
check(os.path.exists(pidfile), "the relay wrote its PID file")
try:
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.settimeout(5)
    t = time.monotonic()
    c.sendto(b"ping", (PUB, PORT))
    data, addr = c.recvfrom(100)
    rtt = time.monotonic() - t
    check(data == b"PING" and addr == (PUB, PORT), "UDP answer from the public address: %r %r" % (data, addr))
    check(rtt >= 2 * DELAY_MS / 1000.0, "UDP held %.0f ms in all (at least 2 x %d)" % (rtt * 1000, DELAY_MS))
    for i in range(20):  # a burst from one client, all answered
        c.sendto(b"m%d" % i, (PUB, PORT))
    got = set()
    for _ in range(20):
        got.add(c.recvfrom(100)[0])
    check(got == {b"M%d" % i for i in range(20)}, "a burst of 20 datagrams all answered")
    c.close()

    s = socket.create_connection((PUB, PORT), timeout=5)
    t = time.monotonic()
    s.sendall(b"hello over tcp")
    s.shutdown(socket.SHUT_WR)  # the backend answers after our end of stream
    data = read_all(s)
    rtt = time.monotonic() - t
    s.close()
    check(data == b"HELLO OVER TCP", "TCP answer after the end of stream passed on: %r" % data)
    check(rtt >= 2 * DELAY_MS / 1000.0, "TCP held %.0f ms in all (at least 2 x %d)" % (rtt * 1000, DELAY_MS))
finally:
    # 2. SIGTERM: exit 0, PID file removed.
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = None
check(rc == 0, "SIGTERM: exit %s (0)" % rc)
check(not os.path.exists(pidfile), "SIGTERM: the PID file is removed")

# 3. Only loopback.
p, pidfile = start("10.0.0.1 %s\n" % BACK)
rc = p.wait(timeout=10)
err = p.stderr.read()
check(rc == 1 and "loopback" in err, "a public address is refused: exit %s, %r" % (rc, err))
check(not os.path.exists(pidfile), "no PID file when refused")
p, pidfile = start("%s 192.0.2.1\n" % PUB)
rc = p.wait(timeout=10)
check(rc == 1, "a non-loopback backend is refused: exit %s" % rc)

# 4. Bad usage.
for args in ([], ["--map"], ["--map", "x", "--port", "0", "--delay", "1", "--pidfile", "y"],
             ["--map", "x", "--port", "53", "--delay", "-1", "--pidfile", "y"], ["--bogus", "1"]):
    r = subprocess.run([relay] + args, capture_output=True, text=True)
    check(r.returncode == 2 and "usage" in r.stderr, "bad usage %s: exit %d" % (args, r.returncode))

udp.close()
tcp.close()
sys.exit(tally.finish())
