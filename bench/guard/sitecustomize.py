"""Loopback-only guard for the third-party tools that bench/run measures
(dnsviz): put this directory on PYTHONPATH and every Python socket connect,
sendto or sendmsg to an address outside 127.0.0.0/8 or ::1, and every name
lookup of a host that is not an address or "localhost", raises
PermissionError before the system call is made. bench/run also runs those
tools in a network namespace that has only a loopback interface.

With CS_GUARD_ROOT_HINTS set, dnsviz reads its root hints from that file
instead of the Internet's (dnsviz has no option for it)."""
import ipaddress
import os
import sys


def _loopback(host):
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        addr = args[1] if len(args) > 1 else None
        if isinstance(addr, tuple) and addr and not _loopback(addr[0]):
            raise PermissionError("bench guard: %s to %r refused (loopback only)" % (event, addr))
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr"):
        host = args[0] if args else None
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host not in (None, "", "localhost") and not _loopback(host):
            raise PermissionError("bench guard: %s(%r) refused (loopback only)" % (event, host))


sys.addaudithook(_hook)
os.environ["CS_GUARD_ACTIVE"] = "1"

_hints = os.environ.get("CS_GUARD_ROOT_HINTS")
if _hints:
    try:
        import dnsviz.util
        dnsviz.util.ROOT_HINTS = _hints
    except ImportError:
        pass
