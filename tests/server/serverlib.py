"""Starting `faqlite serve` and talking HTTP to it, for the server suite (standard library only)."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time

LISTEN_RE = re.compile(r"listening on http://(\S+):(\d+) ")


class Server:
    """One `faqlite serve` process on a free loopback port, its stderr kept in a file."""

    def __init__(self, binary, db, workdir, *args, name="server"):
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.log_file = open(self.log_path, "w+b")
        cmd = [binary, "serve", "--db", db, "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log_file)
        self.host, self.port = None, None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = LISTEN_RE.search(self.log())
            if m:
                self.host, self.port = m.group(1), int(m.group(2))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError(f"faqlite serve did not start: {self.log()}")

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Sends `sig` and waits; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        self.log_file.close()
        return self.proc.returncode


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<{self.status} {self.body[:200]!r}>"


def request(port, method, path, body=None, headers=None, timeout=30, conn=None):
    """One request; `body` may be bytes, str or a JSON-able object. Reuses `conn` when given."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    hdrs = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        hdrs.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        if own:
            conn.close()


def raw_exchange(port, payload, timeout=15, shut_write=False):
    """Sends raw bytes and reads until the server closes the connection (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        if shut_write:
            s.shutdown(socket.SHUT_WR)
        return read_until_close(s)


def read_until_close(s):
    chunks = []
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    except (socket.timeout, ConnectionResetError):
        pass
    return b"".join(chunks)


def parse_responses(data):
    """Splits raw bytes into Response objects (Content-Length framed)."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:] if ":" in line]
        length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
        if status == 100:
            data = rest
            continue
        out.append(Response(status, headers, rest[:length]))
        data = rest[length:]
    return out
