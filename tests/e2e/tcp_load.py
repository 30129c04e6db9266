"""Known TCP load on loopback for the live tests: listeners, client-side
and server-side TIME_WAIT, ESTABLISHED pairs and bound-only sockets, built
in the network namespace the process runs in. Standard library only."""

import socket
import time

import harness
from ss_model import ss_rows

# The only client of the server-side TIME_WAIT load.
SERVER_TIME_WAIT_CLIENT = '127.0.0.9'
# linux/in.h; the socket module has it only from Python 3.12.
IP_BIND_ADDRESS_NO_PORT = getattr(socket, 'IP_BIND_ADDRESS_NO_PORT', 24)
TRANSIENT = {'syn_sent', 'syn_recv', 'fin_wait1', 'fin_wait2', 'close_wait',
             'last_ack', 'closing'}


class Load:
    """Sockets held open for the whole test (servers, ESTABLISHED pairs,
    bound-only sockets), and the TIME_WAIT load it created."""

    def __init__(self):
        self.keep = []
        self.bound_ports = []
        self.server_time_wait_count = 0

    def listener(self, family, address, port):
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, port))
        listener.listen(1024)
        self.keep.append(listener)
        return listener

    @staticmethod
    def connect(listener, source=None, port_at_connect=False):
        """With `port_at_connect`, the source port is chosen by connect(),
        which skips ports whose 4-tuple is still in TIME_WAIT (bind() would
        not, and the new SYN would recycle that TIME_WAIT socket)."""
        family = listener.family
        client = socket.socket(family, socket.SOCK_STREAM)
        if port_at_connect:
            client.setsockopt(socket.SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        if source:
            client.bind((source, 0))
        client.connect(listener.getsockname()[:2])
        server, _ = listener.accept()
        return client, server

    def time_wait(self, listener, count, source=None):
        """Client closes first, so the client side ends in TIME_WAIT."""
        for _ in range(count):
            client, server = self.connect(listener, source)
            client.close()
            harness.check(server.recv(1) == b'', 'expected EOF')
            server.close()

    def server_time_wait(self, listener, count):
        """Server closes first, so the server side (local port: the
        listener's, not ephemeral) ends in TIME_WAIT, one per client port.
        The clients connect from SERVER_TIME_WAIT_CLIENT."""
        for _ in range(count):
            client, server = self.connect(listener, SERVER_TIME_WAIT_CLIENT,
                                          port_at_connect=True)
            self.server_time_wait_count += 1
            server.close()
            harness.check(client.recv(1) == b'', 'expected EOF')
            client.close()

    def established(self, listener, count):
        for _ in range(count):
            self.keep.extend(self.connect(listener))

    def bound_only(self, count):
        for _ in range(count):
            bound = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            bound.bind(('127.0.0.1', 0))
            self.bound_ports.append(bound.getsockname()[1])
            self.keep.append(bound)


def wait_until_settled(timeout=20):
    """Waits until no socket is in a transient state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(row[1] in TRANSIENT for row in ss_rows()):
            return
        time.sleep(0.05)
    raise AssertionError('sockets did not settle: %r' %
                         [r for r in ss_rows() if r[1] in TRANSIENT])
