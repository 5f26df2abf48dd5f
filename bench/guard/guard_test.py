#!/usr/bin/python3
"""The loopback guard (bench/guard/sitecustomize.py) refuses non-loopback
connects, sends and name lookups before any packet leaves, and lets loopback
through. Run with PYTHONPATH=bench/guard. Sends nothing off the machine:
the refused sends are raised as audit events only (sys.audit), and the one
real connect is a UDP connect, which sends no packet."""
import os
import socket
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


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
print("guard: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
