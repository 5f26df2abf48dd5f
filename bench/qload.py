#!/usr/bin/python3
"""Resolve a list of names through one resolver with a fixed number of
queries in flight, as a load generator for bench/run (the lab's validating
unbound, cold cache, 128 in flight). Each name is asked once (A, RD, DO
bit over EDNS0), with no retry; a name that gets no answer within
--timeout counts as a timeout.

usage: qload.py --server ADDR --port N --inflight K --timeout S FILE
  FILE: "name [type]" lines (the type is ignored: A is asked)
Prints one JSON object: names, wall seconds, answered, ad (validated),
servfail, timeouts.
"""
import argparse
import asyncio
import json
import socket
import struct
import time


def query(qid, name):
    labels = [l for l in name.rstrip(".").split(".") if l]
    qname = b"".join(bytes([len(l)]) + l.encode("ascii") for l in labels) + b"\0"
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 1)  # RD, one question, one OPT
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000, 0)  # DO bit
    return header + qname + struct.pack(">HH", 1, 1) + opt


class Client(asyncio.DatagramProtocol):
    def __init__(self):
        self.waiting = {}  # id -> future

    def datagram_received(self, data, addr):
        if len(data) < 12:
            return
        qid, flags = struct.unpack(">HH", data[:4])
        fut = self.waiting.pop(qid, None)
        if fut is not None and not fut.done():
            fut.set_result(flags)

    def error_received(self, exc):
        pass


async def main(a):
    names = [l.split()[0] for l in open(a.file) if l.strip() and not l.startswith("#")]
    loop = asyncio.get_running_loop()
    transport, client = await loop.create_datagram_endpoint(
        Client, remote_addr=(a.server, a.port), family=socket.AF_INET)
    counts = {"answered": 0, "ad": 0, "servfail": 0, "timeouts": 0}
    sem = asyncio.Semaphore(a.inflight)
    next_id = [0]

    async def one(name):
        async with sem:
            while True:
                next_id[0] = (next_id[0] + 1) & 0xFFFF
                if next_id[0] not in client.waiting:
                    break
            qid = next_id[0]
            fut = loop.create_future()
            client.waiting[qid] = fut
            transport.sendto(query(qid, name))
            try:
                flags = await asyncio.wait_for(fut, a.timeout)
            except asyncio.TimeoutError:
                client.waiting.pop(qid, None)
                counts["timeouts"] += 1
                return
            counts["answered"] += 1
            if flags & 0x0020:
                counts["ad"] += 1
            if flags & 0x000F == 2:
                counts["servfail"] += 1

    t = time.monotonic()
    await asyncio.gather(*(one(n) for n in names))
    wall = time.monotonic() - t
    transport.close()
    print(json.dumps(dict(counts, names=len(names), wall=wall)))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--inflight", type=int, default=128)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("file")
    asyncio.run(main(ap.parse_args()))
