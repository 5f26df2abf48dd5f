#!/usr/bin/env python3
"""The layering of core/ (DEVELOPERS.md, "Module map"), checked on the built
static libraries with nm: a library may reference symbols of the libraries
below it only, never of one above or beside it, and each outside library
(OpenSSL, c-ares, libpcap, zlib, jansson, Graphviz, ncurses, libmicrohttpd)
is used only by the layers that own it.

usage: layers.py NAME=LIB.a ... (names: base dns text dnssec capture probe
analyze render)
"""
import subprocess
import sys

sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), ".."))
from testlib import Tally  # noqa: E402

# What each layer may use (not transitively: every allowed layer is listed).
BELOW = {
    "base": set(),
    "dns": {"base"},
    "text": {"base", "dns"},
    "dnssec": {"base", "dns"},
    "capture": {"base", "dns", "text"},
    "probe": {"base", "dns", "text", "capture"},
    "analyze": {"base", "dns", "text", "dnssec", "capture"},
    # Renderers read the analysis and never reach the network: no probe.
    "render": {"base", "dns", "text", "dnssec", "capture", "analyze"},
}

# Outside libraries, by symbol prefix, and the layers allowed to call them.
OUTSIDE = {
    "OpenSSL": (("EVP_", "OSSL_", "BN_", "ERR_", "OPENSSL_", "RSA_", "EC_", "ECDSA_",
                 "SHA1", "SHA256", "SHA384", "SHA512", "OpenSSL_"), {"dnssec"}),
    "c-ares": (("ares_",), {"probe"}),
    "libpcap": (("pcap_",), {"capture"}),
    "zlib": (("inflate", "deflate", "zlibVersion", "crc32", "adler32", "gz"), {"capture"}),
    "jansson": (("json_",), {"capture", "render"}),
    "Graphviz": (("ag", "gv"), {"render"}),
    # The exporter's HTTP server lives in cmd/ only (cmd/cmd_exporter.c).
    "libmicrohttpd": (("MHD_",), set()),
    "ncurses": (("initscr", "endwin", "newwin", "wrefresh", "wgetch", "mvwprintw",
                 "wattr_on", "wattr_off", "start_color", "init_pair", "curses_version"), {"render"}),
}


def symbols(path):
    """(defined, undefined) global symbol sets of a static library."""
    out = subprocess.run(["nm", "-g", "--defined-only", path], capture_output=True,
                         text=True, check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines() if len(l.split()) == 3}
    out = subprocess.run(["nm", "-g", "--undefined-only", path], capture_output=True,
                         text=True, check=True).stdout
    undefined = {l.split()[-1] for l in out.splitlines() if l.strip() and ":" not in l}
    return defined, undefined - defined


def main():
    t = Tally("layers")
    libs = dict(a.split("=", 1) for a in sys.argv[1:])
    t.check(set(libs) == set(BELOW), f"every layer given: {sorted(libs)}")
    syms = {name: symbols(path) for name, path in libs.items()}
    owner, twice = {}, []
    for name, (defined, _) in syms.items():
        for s in defined:
            if s in owner:
                twice.append(f"{s} ({owner[s]}, {name})")
            owner[s] = name
    t.check(not twice, f"each symbol is defined in one layer: {twice[:10]}")
    for name, (_, undefined) in sorted(syms.items()):
        wrong = sorted(f"{s} ({owner[s]})" for s in undefined
                       if s in owner and owner[s] not in BELOW[name])
        t.check(not wrong, f"{name} uses only {sorted(BELOW[name])}; also uses: {wrong[:10]}")
        for lib, (prefixes, users) in OUTSIDE.items():
            calls = sorted(s for s in undefined if s not in owner and s.startswith(prefixes))
            if name in users:
                continue
            t.check(not calls, f"{name} must not call {lib}; calls {calls[:10]}")
    t.check(any("cs_capture_new" in d for d, _ in syms.values()), "symbols were read")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
