#!/usr/bin/env python3
"""A minimal FastCGI client for tests: talks to a program's socket
directly, without nginx, so tests can control timing (a request whose
body arrives late, several requests on one kept-alive connection).

usage: fcgi_client.py SOCKET [--keep N] [--pause-after-params SECONDS]
                      [--signal PID] [--param NAME=VALUE ...] METHOD URI [BODY]
Prints each response's Status line and body length; exit 0 if every
response arrived complete.
"""
import os
import signal
import socket
import struct
import sys
import time

BEGIN, END, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7


def record(kind, rid, data=b""):
    pad = (8 - len(data) % 8) % 8
    return struct.pack("!BBHHBB", 1, kind, rid, len(data), pad, 0) + data + b"\0" * pad


def nv(name, value):
    def ln(n):
        return bytes([n]) if n < 128 else struct.pack("!I", n | 0x80000000)
    n, v = name.encode(), value.encode()
    return ln(len(n)) + ln(len(v)) + n + v


def read_response(s, rid):
    out = b""
    buf = b""
    while True:
        while len(buf) < 8:
            chunk = s.recv(65536)
            if not chunk:
                raise EOFError("connection closed before END_REQUEST")
            buf += chunk
        _, kind, r, clen, pad, _ = struct.unpack("!BBHHBB", buf[:8])
        while len(buf) < 8 + clen + pad:
            chunk = s.recv(65536)
            if not chunk:
                raise EOFError("connection closed mid-record")
            buf += chunk
        content = buf[8:8 + clen]
        buf = buf[8 + clen + pad:]
        if kind == STDOUT:
            out += content
        elif kind == END:
            return out



def form_request(s, method, uri, body="", addr="127.0.0.1", cookie=""):
    """One form request on the connected socket s, kept open (request id
    1): prints the method, path and status line, returns the response."""
    body = body.encode()
    params = b"".join(nv(k, v) for k, v in [
        ("REQUEST_METHOD", method), ("REQUEST_URI", uri),
        ("CONTENT_LENGTH", str(len(body))),
        ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
        ("HTTP_HOST", "127.0.0.1"), ("REMOTE_ADDR", addr),
        ("HTTP_COOKIE", cookie)])
    s.sendall(record(BEGIN, 1, struct.pack("!HB5x", 1, 1)))
    s.sendall(record(PARAMS, 1, params) + record(PARAMS, 1))
    if body:
        s.sendall(record(STDIN, 1, body))
    s.sendall(record(STDIN, 1))
    out = read_response(s, 1).decode(errors="replace")
    print(method, uri.split("?")[0], out.split("\r\n", 1)[0])
    return out

def main():
    args = sys.argv[1:]
    keep, pause, sigpid, extra = 1, 0.0, None, []
    sock = args.pop(0)
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--keep":
            keep = int(args.pop(0))
        elif opt == "--pause-after-params":
            pause = float(args.pop(0))
        elif opt == "--signal":
            sigpid = int(args.pop(0))
        elif opt == "--param":
            extra.append(tuple(args.pop(0).split("=", 1)))
    method, uri = args[0], args[1]
    body = args[2].encode() if len(args) > 2 else b""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock)
    for i in range(keep):
        rid = 1
        flags = 1 if i < keep - 1 else 0  # FCGI_KEEP_CONN
        params = b"".join(nv(k, v) for k, v in [
            ("REQUEST_METHOD", method), ("REQUEST_URI", uri),
            ("CONTENT_LENGTH", str(len(body))),
            ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
            ("HTTP_HOST", "127.0.0.1"), ("REMOTE_ADDR", "127.0.0.1")] + extra)
        s.sendall(record(BEGIN, rid, struct.pack("!HB5x", 1, flags)))
        s.sendall(record(PARAMS, rid, params) + record(PARAMS, rid))
        if pause:
            time.sleep(pause / 2)
            if sigpid:
                os.kill(sigpid, signal.SIGTERM)
            time.sleep(pause / 2)
        if body:
            s.sendall(record(STDIN, rid, body))
        s.sendall(record(STDIN, rid))
        out = read_response(s, rid)
        head = out.split(b"\r\n", 1)[0].decode(errors="replace")
        print(head, len(out))
    s.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a test failure, reported plainly
        print("error:", e)
        sys.exit(1)
