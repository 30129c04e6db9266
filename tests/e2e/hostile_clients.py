"""Clients that try to take an HTTP server's connections, on one asyncio
loop in a thread of its own (a thousand cost little): each kind connects
to 127.0.0.1:port, behaves badly, and connects again whenever the server
closes on it, until stop().

  idle      connects and never sends a byte
  pinging   keep-alive GET /x every 4 s on one connection (as a scanner or
            a misconfigured health check); with `auth`, with that header
  slow      sends a request one byte a second (slowloris)
  garbage   sends random bytes, then reads until closed
  wrong_password  GET /metrics with a wrong password, back to back

Standard library only."""

import asyncio
import base64
import collections
import random
import threading

KINDS = ('idle', 'pinging', 'slow', 'garbage', 'wrong_password')


class HostileClients:
    """`counts` maps a kind to how many clients of it run at once."""

    def __init__(self, port, counts, user='prometheus'):
        self.port = port
        self.counts = counts
        self.user = user
        self.connections = collections.Counter()  # made, per kind
        self.answers = collections.Counter()      # status lines received
        self._loop = asyncio.new_event_loop()
        self._stopping = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = threading.Event()

    def start(self):
        self._thread.start()
        self._started.wait()
        return self

    def stop(self):
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout=60)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _run(self):
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._main())

    async def _main(self):
        self._stopping = asyncio.Event()
        tasks = [asyncio.ensure_future(self._forever(kind, number))
                 for kind, count in self.counts.items()
                 for number in range(count)]
        self._started.set()
        await self._stopping.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _forever(self, kind, number):
        behave = getattr(self, '_' + kind)
        generator = random.Random(number)
        while not self._stopping.is_set():
            try:
                reader, writer = await asyncio.open_connection(
                    '127.0.0.1', self.port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            self.connections[kind] += 1
            try:
                await behave(reader, writer, generator)
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

    async def _response(self, reader):
        """Reads one response and counts its status; False at EOF."""
        head = await reader.readuntil(b'\r\n\r\n')
        self.answers[head.split(b' ')[1].decode()] += 1
        length = 0
        for line in head.split(b'\r\n'):
            if line.lower().startswith(b'content-length:'):
                length = int(line.split(b':')[1])
        await reader.readexactly(length)
        return True

    async def _idle(self, reader, writer, generator):
        await reader.read()  # until the server closes

    async def _pinging(self, reader, writer, generator):
        while True:
            writer.write(b'GET /x HTTP/1.1\r\nHost: x\r\n\r\n')
            await self._response(reader)
            await asyncio.sleep(4)
            if reader.at_eof():
                return

    async def _slow(self, reader, writer, generator):
        request = b'GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ' + b'a' * 100
        for byte in request:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(1)

    async def _garbage(self, reader, writer, generator):
        writer.write(bytes(generator.getrandbits(8)
                           for _ in range(generator.randint(1, 4096))))
        writer.write_eof()
        await reader.read()
        await asyncio.sleep(0.05)

    async def _wrong_password(self, reader, writer, generator):
        token = base64.b64encode(b'%s:wrong' % self.user.encode()).decode()
        while True:
            writer.write(('GET /metrics HTTP/1.1\r\nHost: x\r\n'
                          'Authorization: Basic %s\r\n\r\n' % token).encode())
            await self._response(reader)
