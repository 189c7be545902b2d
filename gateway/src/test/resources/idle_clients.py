#!/usr/bin/env python3
"""Holds N idle WebSocket connections to a gateway: each upgrades, then says nothing.

Usage: idle_clients.py HOST PORT N TIMEOUT_S
Prints "upgraded N" once every connection has its 101 answer, then "closed K" once the gateway
has closed all of them (or the timeout passed; K is how many it closed) and exits 0 when K == N.
A connection that is not upgraded is reported on stderr and ends the run with exit 1.
"""
import selectors
import socket
import sys
import time

host, port, n, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
request = ("GET / HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" % (host, port)).encode()

started = time.monotonic()
sockets = []
for _ in range(n):
    s = socket.create_connection((host, port), timeout=20)
    s.sendall(request)
    sockets.append(s)
print("connected %d in %.1f s" % (n, time.monotonic() - started), flush=True)

sel = selectors.DefaultSelector()
heads = {}
for s in sockets:
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    heads[s] = b""
pending = set(sockets)
deadline = time.monotonic() + 30
while pending and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=1):
        s = key.fileobj
        if s not in pending:
            continue
        data = s.recv(4096)
        heads[s] += data
        if b"\r\n\r\n" in heads[s] or not data:
            pending.discard(s)
            if not heads[s].startswith(b"HTTP/1.1 101"):
                print("not upgraded: %r" % heads[s][:80], file=sys.stderr)
                sys.exit(1)
if pending:
    print("%d connections had no answer" % len(pending), file=sys.stderr)
    sys.exit(1)
print("upgraded %d in %.1f s" % (n, time.monotonic() - started), flush=True)

open_ones = set(sockets)
deadline = time.monotonic() + timeout
while open_ones and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=1):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except ConnectionResetError:
            data = b""
        if not data:
            open_ones.discard(s)
            sel.unregister(s)
            s.close()
closed = n - len(open_ones)
print("closed %d" % closed, flush=True)
sys.exit(0 if closed == n else 1)
