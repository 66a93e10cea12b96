#!/usr/bin/env python3
"""Opens many TLS connections from one loopback address that send one header line every few
seconds (slowloris), while another loopback address reads /api/v1/health; prints how many slow
connections the server accepted and kept, and the other address's latencies. Only for a Rampart
on this machine. Usage: scripts/faults/slow-headers.py [port] [connections]"""
import socket, ssl, sys, time, statistics, threading

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8443
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE

def read_from(address):
    s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0))
    t = ctx.wrap_socket(s, server_hostname="localhost")
    t.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    status = t.recv(12)
    t.close()
    return status

def latencies(n=50):
    out = []
    for _ in range(n):
        started = time.monotonic()
        assert read_from("127.0.0.6").startswith(b"HTTP/1.1 200")
        out.append((time.monotonic() - started) * 1000)
    out.sort()
    return out

before = latencies()
slow, refused = [], 0
stop = threading.Event()
def attack():
    global refused
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.0.5", 0))
            s.sendall(b"\x16")
            slow.append(s)
        except OSError:
            refused += 1
threading.Thread(target=attack, daemon=True).start()
time.sleep(2)
during = latencies()
alive = 0
for s in slow:
    s.settimeout(0.01)
    try:
        alive += 1 if s.recv(1) else 0
    except socket.timeout:
        alive += 1
    except OSError:
        pass
print(f"slow connections: {len(slow)} opened, {refused} refused, {alive} still held by the server")
for name, values in (("before", before), ("during", during)):
    print(f"other address, {name}: p50 {statistics.median(values):.1f} ms, max {values[-1]:.1f} ms")
