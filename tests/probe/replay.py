#!/usr/bin/python3
"""Ask every answered query of a capture again, as its octets stand, and
compare the answer with the captured response byte for byte.

As a module: ask() and replay(). As a program (the IPv6 lab runs it inside
its network namespace):

usage: replay.py CAPTURE.json   prints {"udp": N, "tcp": N, "mismatches": [...]}
"""
import base64
import json
import socket
import struct
import sys


def ask(server, port, transport, query):
    """Send query octets as they are; the answer's octets (None: none)."""
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    if transport == "udp":
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.settimeout(2)
        try:
            s.sendto(query, (server, port))
            return s.recv(65535)
        except OSError:
            return None
        finally:
            s.close()
    try:
        s = socket.create_connection((server, port), timeout=2)
    except OSError:
        return None
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


def replay(capture):
    """Every answered, not cached, query of capture asked again: how many
    per transport, and a line for each whose answer differs."""
    done, mismatches = {"udp": 0, "tcp": 0}, []
    for q in capture["queries"]:
        if not q["response"] or q.get("cached"):
            continue
        sent, got = base64.b64decode(q["query"]), base64.b64decode(q["response"])
        again = ask(q["server"], q["port"], q["transport"], sent)
        where = "query %d (%s %s %s at %s)" % (q["id"], q["transport"], q["qname"], q["qtype"],
                                              q["server"])
        if again != got:
            mismatches.append(where + ": the capture is not what the server answers again")
        if sent[:2] != got[:2]:
            mismatches.append(where + ": the recorded query does not have the answer's ID")
        done[q["transport"]] += 1
    return done, mismatches


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1]) as f:
        done, mismatches = replay(json.load(f))
    print(json.dumps(dict(done, mismatches=mismatches)))
