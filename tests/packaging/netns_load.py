"""Load for the Kubernetes pod tests, run inside the test's network
namespace (`ip netns exec NS python3 netns_load.py MODE`):

  hold N   a listener on 127.0.0.1:7001 (below the ephemeral range) and N
           connections to it; prints this process's pid, then holds them
           until its standard input closes.
  exhaust  narrows ip_local_port_range to two ports and connects to one
           destination until connect() fails; prints the number of failed
           calls (1) once one failed with EADDRNOTAVAIL, then holds the
           connections until its standard input closes."""

import errno
import os
import socket
import sys

LISTEN = ('127.0.0.1', 7001)


def listener():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(LISTEN)
    server.listen(64)
    return server


def main():
    mode = sys.argv[1]
    server = listener()
    held = []
    if mode == 'hold':
        for _ in range(int(sys.argv[2])):
            client = socket.create_connection(LISTEN)
            held += [client, server.accept()[0]]
        print(os.getpid(), flush=True)
    elif mode == 'exhaust':
        with open('/proc/sys/net/ipv4/ip_local_port_range', 'w') as file:
            file.write('40000 40001')
        for _ in range(10):
            client = socket.socket()
            try:
                client.connect(LISTEN)
            except OSError as error:
                if error.errno != errno.EADDRNOTAVAIL:
                    raise
                client.close()
                print(1, flush=True)
                break
            held += [client, server.accept()[0]]
        else:
            raise SystemExit('connect() never failed')
    else:
        raise SystemExit('usage: netns_load.py hold N | exhaust')
    sys.stdin.read()


if __name__ == '__main__':
    main()
