#!/usr/bin/env python3
"""A name server that never answers (chainscope lab).

Binds UDP and TCP on ADDR:PORT, reads every query and drops it.  TCP
connections are accepted and read until the client gives up; nothing is ever
written back.  Used as the second name server of blackhole.example.

usage: blackhole.py --addr ADDR --port N --pidfile FILE
"""

import argparse
import asyncio
import os
import signal
import sys


class Sink(asyncio.DatagramProtocol):
    def __init__(self):
        self.count = 0

    def datagram_received(self, data, addr):
        self.count += 1  # read and ignore


async def swallow(reader, writer):
    try:
        while await reader.read(65536):
            pass
    except OSError:
        pass
    writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pidfile", required=True)
    a = ap.parse_args()
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(Sink, local_addr=(a.addr, a.port))
    srv = await asyncio.start_server(swallow, a.addr, a.port)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.add_signal_handler(signal.SIGHUP, lambda: None)
    tmp = a.pidfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(tmp, a.pidfile)
    print("blackhole: listening on %s port %d (UDP, TCP), never answering" % (a.addr, a.port),
          flush=True)
    await stop
    srv.close()
    try:
        os.unlink(a.pidfile)
    except OSError:
        pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        sys.stderr.write("blackhole: %s\n" % e)
        sys.exit(1)
