#!/usr/bin/env python3
"""Delay relay for the chainscope lab (stdlib asyncio, no netem needed).

Listens on every public lab address (UDP and TCP, one port) and forwards to
the NSD instance behind it (127.54.x.y), holding every message for DELAY
milliseconds in each direction, so a query's round trip grows by 2 x DELAY.

usage: relay.py --map FILE --port N --delay MS --pidfile FILE
  FILE lines: "public-address backend-address"
"""

import argparse
import asyncio
import os
import resource
import signal
import sys
import time

UDP_IDLE = 10.0  # seconds before an idle per-client upstream socket is closed
UDP_MAX = 2048  # per listener; beyond it the least recently used are closed


class Upstream(asyncio.DatagramProtocol):
    """One upstream UDP socket per (listener, client), like a NAT binding."""

    def __init__(self, listener, client, delay):
        self.listener = listener
        self.client = client
        self.delay = delay
        self.transport = None
        self.last = time.monotonic()

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.last = time.monotonic()
        loop = asyncio.get_running_loop()
        loop.call_later(self.delay, self.listener.reply, data, self.client)

    def error_received(self, exc):
        pass


class Listener(asyncio.DatagramProtocol):
    def __init__(self, backend, port, delay):
        self.backend = (backend, port)
        self.delay = delay
        self.transport = None
        self.upstreams = {}  # client -> Future[Upstream]

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, client):
        loop = asyncio.get_running_loop()
        loop.call_later(self.delay, lambda: asyncio.ensure_future(self.forward(data, client)))

    async def forward(self, data, client):
        fut = self.upstreams.get(client)
        if fut is None:
            if len(self.upstreams) >= UDP_MAX:
                self.sweep(keep=UDP_MAX // 2)
            loop = asyncio.get_running_loop()
            fut = loop.create_future()
            self.upstreams[client] = fut
            try:
                _, proto = await loop.create_datagram_endpoint(
                    lambda: Upstream(self, client, self.delay), remote_addr=self.backend)
                fut.set_result(proto)
            except OSError as e:
                del self.upstreams[client]
                fut.set_exception(e)
                return
        try:
            up = await fut
        except OSError:
            return
        up.last = time.monotonic()
        up.transport.sendto(data)

    def reply(self, data, client):
        if self.transport is not None:
            self.transport.sendto(data, client)

    def sweep(self, keep=None):
        """Close idle upstream sockets; with keep, also the least recently
        used ones beyond that number (clients that use a new port per query)."""
        now = time.monotonic()
        ready = [(fut.result().last, client) for client, fut in self.upstreams.items()
                 if fut.done() and not fut.exception()]
        ready.sort()
        excess = len(self.upstreams) - keep if keep is not None else 0
        for i, (last, client) in enumerate(ready):
            if i < excess or now - last > UDP_IDLE:
                self.upstreams.pop(client).result().transport.close()

    def error_received(self, exc):
        pass


async def pump(reader, writer, delay):
    """Copy reader to writer, each chunk delivered DELAY seconds after arrival."""
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, chunk = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if chunk is None:
                try:
                    writer.write_eof()
                except (OSError, RuntimeError):
                    pass
                return
            writer.write(chunk)
            try:
                await writer.drain()
            except OSError:
                return

    task = asyncio.ensure_future(deliver())
    try:
        while True:
            chunk = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, chunk or None))
            if not chunk:
                break
    except OSError:
        queue.put_nowait((time.monotonic() + delay, None))
    await task


async def tcp_session(creader, cwriter, backend, port, delay):
    try:
        breader, bwriter = await asyncio.open_connection(backend, port)
    except OSError:
        cwriter.close()
        return
    try:
        await asyncio.gather(pump(creader, bwriter, delay), pump(breader, cwriter, delay))
    finally:
        for w in (bwriter, cwriter):
            try:
                w.close()
            except OSError:
                pass


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--delay", type=int, required=True)
    ap.add_argument("--pidfile", required=True)
    a = ap.parse_args()
    delay = a.delay / 1000.0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    loop = asyncio.get_running_loop()
    listeners = []
    servers = []
    with open(a.map) as f:
        pairs = [line.split() for line in f if line.strip()]
    for public, backend in pairs:
        _, proto = await loop.create_datagram_endpoint(
            lambda b=backend: Listener(b, a.port, delay), local_addr=(public, a.port))
        listeners.append(proto)
        srv = await asyncio.start_server(
            lambda r, w, b=backend: tcp_session(r, w, b, a.port, delay), public, a.port)
        servers.append(srv)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.add_signal_handler(signal.SIGHUP, lambda: None)
    tmp = a.pidfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(tmp, a.pidfile)
    print("relay: %d addresses, port %d, delay %d ms each way" % (len(pairs), a.port, a.delay),
          flush=True)
    while not stop.done():
        await asyncio.wait([stop], timeout=10)
        for lst in listeners:
            lst.sweep()
    for s in servers:
        s.close()
    try:
        os.unlink(a.pidfile)
    except OSError:
        pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        sys.stderr.write("relay: %s\n" % e)
        sys.exit(1)
