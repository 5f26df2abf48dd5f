#!/usr/bin/env python3
"""Delay relay for the chainscope lab (stdlib asyncio, no netem needed).

Listens on every public lab address (UDP and TCP, one port) and forwards to
the NSD instance behind it (127.54.x.y), holding every message for DELAY
milliseconds in each direction, so a query's round trip grows by 2 x DELAY.

usage: relay.py --map FILE --port N --delay MS --pidfile FILE [--procs N]
  FILE lines: "public-address backend-address"
With --procs N (default 2), N processes share the UDP addresses
(SO_REUSEPORT), so the relay keeps up with batch runs; TCP stays in the
first. The PID file names the first; the others die with it.
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
        fut = self.upstreams.get(client)
        if fut is not None and fut.done() and not fut.exception():
            # The hot path (a client we know): a plain timer, no coroutine,
            # so one relay process keeps up with batch runs.
            up = fut.result()
            up.last = time.monotonic()
            loop.call_later(self.delay, up.transport.sendto, data)
            return
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


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--delay", type=int, required=True)
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--procs", type=int, default=2,
                    help="UDP relay processes sharing the addresses (SO_REUSEPORT)")
    return ap.parse_args()


def spawn_workers(n):
    """Fork n-1 UDP workers; returns (children, am_worker). A worker dies
    with its parent (PR_SET_PDEATHSIG), so stopping the relay by its PID
    file stops them all."""
    kids = []
    for _ in range(max(n, 1) - 1):
        pid = os.fork()
        if pid == 0:
            try:
                import ctypes
                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
            except (OSError, AttributeError):
                pass
            return [], True
        kids.append(pid)
    return kids, False


async def main(a, worker):
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
        # Every process binds the UDP addresses; the kernel spreads clients
        # over them by address and port, so each client stays with one.
        _, proto = await loop.create_datagram_endpoint(
            lambda b=backend: Listener(b, a.port, delay), local_addr=(public, a.port),
            reuse_port=True)
        listeners.append(proto)
        if not worker:
            srv = await asyncio.start_server(
                lambda r, w, b=backend: tcp_session(r, w, b, a.port, delay), public, a.port)
            servers.append(srv)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.add_signal_handler(signal.SIGHUP, lambda: None)
    if not worker:
        tmp = a.pidfile + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(tmp, a.pidfile)
        print("relay: %d addresses, port %d, delay %d ms each way, %d processes"
              % (len(pairs), a.port, a.delay, max(a.procs, 1)), flush=True)
    while not stop.done():
        await asyncio.wait([stop], timeout=10)
        for lst in listeners:
            lst.sweep()
    for s in servers:
        s.close()
    if not worker:
        try:
            os.unlink(a.pidfile)
        except OSError:
            pass


if __name__ == "__main__":
    args = parse_args()
    children, is_worker = spawn_workers(args.procs)
    try:
        asyncio.run(main(args, is_worker))
    except OSError as e:
        sys.stderr.write("relay: %s\n" % e)
        sys.exit(1)
    finally:
        for kid in children:
            try:
                os.kill(kid, signal.SIGTERM)
                os.waitpid(kid, 0)
            except OSError:
                pass
