#!/usr/bin/python3
"""The loopback guard (bench/guard/sitecustomize.py) refuses non-loopback
connects, sends and name lookups before any packet leaves, and lets loopback
through. Run with PYTHONPATH=bench/guard. Sends nothing off the machine:
the refused sends are raised as audit events only (sys.audit), and the one
real connect is a UDP connect, which sends no packet."""
import os
import socket
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
from testlib import Tally  # noqa: E402



tally = Tally("guard")
check = tally.check


def refused(fn):
    try:
        fn()
    except PermissionError as e:
        return "bench guard" in str(e)
    return False


check(os.environ.get("CS_GUARD_ACTIVE") == "1", "sitecustomize.py was loaded (PYTHONPATH)")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
check(refused(lambda: s.connect(("192.0.2.1", 53))), "UDP connect to 192.0.2.1 refused")
check(refused(lambda: sys.audit("socket.sendto", s, ("192.0.2.1", 53))), "sendto 192.0.2.1 refused")
check(refused(lambda: sys.audit("socket.sendmsg", s, ("198.41.0.4", 53))), "sendmsg 198.41.0.4 refused")
check(refused(lambda: sys.audit("socket.connect", s, ("2001:db8::1", 53, 0, 0))), "connect to 2001:db8::1 refused")
check(refused(lambda: socket.getaddrinfo("a.root-servers.net", 53)), "name lookup refused")
ok = True
try:
    s.connect(("127.0.0.1", 9))
    sys.audit("socket.sendto", s, ("127.53.0.1", 53))
    sys.audit("socket.connect", s, ("::1", 53, 0, 0))
except PermissionError:
    ok = False
check(ok, "loopback allowed")
s.close()
sys.exit(tally.finish())
