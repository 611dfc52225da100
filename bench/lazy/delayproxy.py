#!/usr/bin/env python3
"""Delaying TCP proxy for the lazy-start benchmark: adds latency (this kernel has no netem) and
counts what the registry sends, per HTTP request.

Each chunk read from one side is written to the other side DELAY_MS later (one way), so a round
trip through the proxy costs 2 x DELAY_MS and throughput is not capped by the delay (chunks are
pipelined; a bounded queue per direction keeps memory small). Bandwidth is capped elsewhere
(tbf on the veth between the namespaces).

The log holds one line per event, wall-clock seconds (time.time()):
  R <t> <conn> <method> <path> <range or ->     a request head seen from the client
  D <t> <conn> <bytes>                           bytes written to the client (after the delay)
SIGUSR1 reopens the log (the benchmark rotates it between measurements).

usage: delayproxy.py LISTEN_HOST:PORT UPSTREAM_HOST:PORT DELAY_MS LOG
"""
import asyncio
import itertools
import os
import signal
import sys
import time

CHUNK = 256 * 1024
QUEUE_CHUNKS = 64


class Log:
    def __init__(self, path):
        self.path = path
        self.f = open(path, 'a', buffering=1 << 16)

    def reopen(self):
        self.f.close()
        self.f = open(self.path, 'a', buffering=1 << 16)

    def write(self, line):
        self.f.write(line)

    def flush(self):
        self.f.flush()


class RequestParser:
    """Finds request heads in the client-to-registry stream; skips bodies by Content-Length."""

    def __init__(self, conn, log):
        self.conn, self.log = conn, log
        self.buf = b''
        self.body_left = 0
        self.gave_up = False

    def feed(self, data):
        if self.gave_up:
            return
        if self.body_left:
            skip = min(self.body_left, len(data))
            self.body_left -= skip
            data = data[skip:]
        self.buf += data
        while not self.body_left:
            end = self.buf.find(b'\r\n\r\n')
            if end < 0:
                if len(self.buf) > 65536:
                    self.gave_up = True
                return
            head, self.buf = self.buf[:end].decode('latin-1'), self.buf[end + 4:]
            lines = head.split('\r\n')
            parts = lines[0].split(' ')
            headers = {}
            for line in lines[1:]:
                k, _, v = line.partition(':')
                headers[k.strip().lower()] = v.strip()
            method = parts[0] if parts else '?'
            path = parts[1] if len(parts) > 1 else '?'
            rng = headers.get('range', '-').replace(' ', '')
            self.log.write(f'R {time.time():.6f} {self.conn} {method} {path} {rng}\n')
            if headers.get('transfer-encoding', '').lower() == 'chunked':
                self.gave_up = True  # uploads only; not part of a measurement
                return
            try:
                self.body_left = int(headers.get('content-length', '0'))
            except ValueError:
                self.gave_up = True
                return
            skip = min(self.body_left, len(self.buf))
            self.body_left -= skip
            self.buf = self.buf[skip:]


async def pump(reader, writer, delay, on_read=None, on_write=None):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue(maxsize=QUEUE_CHUNKS)

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                if on_read:
                    on_read(data)
                await queue.put((loop.time() + delay, data))
        except (ConnectionError, OSError):
            pass
        await queue.put(None)

    async def write_side():
        try:
            while True:
                item = await queue.get()
                if item is None:
                    break
                due, data = item
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
                if on_write:
                    on_write(len(data))
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            pass

    reader_task = asyncio.ensure_future(read_side())
    try:
        await write_side()
    finally:
        reader_task.cancel()


async def main():
    listen, upstream, delay_ms, log_path = sys.argv[1:5]
    lhost, lport = listen.rsplit(':', 1)
    uhost, uport = upstream.rsplit(':', 1)
    delay = float(delay_ms) / 1000.0
    log = Log(log_path)
    ids = itertools.count(1)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, log.reopen)

    async def flusher():
        while True:
            await asyncio.sleep(0.2)
            log.flush()

    async def handle(creader, cwriter):
        conn = next(ids)
        try:
            ureader, uwriter = await asyncio.open_connection(uhost, int(uport))
        except OSError as e:
            log.write(f'E {time.time():.6f} {conn} connect {e}\n')
            cwriter.close()
            return
        parser = RequestParser(conn, log)

        def wrote(n):
            log.write(f'D {time.time():.6f} {conn} {n}\n')

        try:
            await asyncio.gather(pump(creader, uwriter, delay, on_read=parser.feed),
                                 pump(ureader, cwriter, delay, on_write=wrote))
        finally:
            for w in (uwriter, cwriter):
                w.close()

    asyncio.ensure_future(flusher())
    def stop():
        # Exit at once: open keep-alive connections must not hold the port.
        log.flush()
        os._exit(0)

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    server = await asyncio.start_server(handle, lhost, int(lport), reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    asyncio.run(main())
