"""`faqlite serve` over real sockets: every endpoint against docs/openapi.json, every kind of bad
request, hostile clients, a bounded concurrent load and a graceful stop.

Environment: FAQLITE_BIN (the faqlite binary), FAQLITE_DB (an index of the bundled corpus),
FAQLITE_WORKDIR (a scratch folder), FAQLITE_LOAD_SECONDS (default 5),
FAQLITE_LOAD_CONNECTIONS (default 64).
"""

import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi_check import OpenApi  # noqa: E402
from serverlib import (Server, parse_responses, raw_exchange, read_until_close,  # noqa: E402
                       request)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ["FAQLITE_BIN"]
DB = os.environ["FAQLITE_DB"]
WORK = os.environ["FAQLITE_WORKDIR"]
LOAD_SECONDS = float(os.environ.get("FAQLITE_LOAD_SECONDS", "5"))
LOAD_CONNECTIONS = int(os.environ.get("FAQLITE_LOAD_CONNECTIONS", "64"))
API = OpenApi(os.path.join(ROOT, "docs", "openapi.json"))
ALLOWED_ORIGIN = "https://careers.example.org"

QUESTIONS = [
    ("How much does an International Sales Manager earn?", None),
    ("What skills do I need?", "en"),
    ("¿Cuánto gana un gerente de ventas internacionales?", "es"),
    ("Welche Ausbildung braucht man?", None),
    ("Quel est le salaire médian ?", "fr"),
    ("ما هي المهارات المطلوبة؟", "ar"),
    ("国际销售经理的工资是多少？", "zh"),
    ("Как стать менеджером по международным продажам?", "ru"),
]


def copy_db(name):
    path = os.path.join(WORK, name)
    shutil.copyfile(DB, path)
    return path


class ServerTest(unittest.TestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(BIN, DB, WORK, "--cors", ALLOWED_ORIGIN, "--threads", "2",
                            name="main")
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        assert code == 0, f"exit code {code}: {cls.server.log()[-2000:]}"

    # -- helpers ---------------------------------------------------------------------------------

    def call(self, method, path, body=None, headers=None):
        return request(self.port, method, path, body, headers)

    def assert_documented(self, r, path, method):
        """The response has a documented status and its JSON body conforms to the schema."""
        schema = API.response_schema(path, method, r.status)
        self.assertIsNotNone(schema, f"{method} {path} -> {r.status} is not in the OpenAPI document")
        self.assertTrue(r.headers.get("content-type", "").startswith("application/json"), r.headers)
        errs = API.errors(r.json(), schema)
        self.assertEqual(errs, [], f"{method} {path} -> {r.status}: {r.body[:300]!r}")

    def assert_error(self, r, status, code=None, path="/v1/ask", method="POST"):
        self.assertEqual(r.status, status, r)
        self.assert_documented(r, path, method) if path else None
        body = r.json()
        self.assertEqual(API.errors(body, API.schema("Error")), [], body)
        if code:
            self.assertEqual(body["error"]["code"], code, body)
        self.assertTrue(body["error"]["message"])

    def ask(self, body, **kw):
        return self.call("POST", "/v1/ask", body, **kw)

    # -- endpoints -------------------------------------------------------------------------------

    def test_health(self):
        r = self.call("GET", "/v1/health")
        self.assertEqual(r.status, 200)
        self.assert_documented(r, "/v1/health", "get")
        h = r.json()
        self.assertEqual(h["status"], "ok")
        self.assertGreater(h["entries"], 0)
        self.assertIn("en", h["languages"])

    def test_ask_matches_the_cli(self):
        for q, lang in QUESTIONS:
            body = {"question": q, "k": 3}
            cli = [BIN, "ask", "--db", DB, "--json", "-k", "3"]
            if lang:
                body["lang"] = lang
                cli += ["--lang", lang]
            r = self.ask(body)
            self.assertEqual(r.status, 200, r)
            self.assert_documented(r, "/v1/ask", "post")
            got = r.json()
            want = json.loads(subprocess.run(cli + [q], check=True, capture_output=True).stdout)
            self.assertEqual(got, want, q)

    def test_ask_accepts_every_documented_field(self):
        r = self.ask({"query": "salary", "lang": "en", "k": 2, "context": ["what do they do?"],
                      "filters": {"tags": ["salary"]}, "threshold": 0.3, "explain": True})
        self.assertEqual(r.status, 200, r)
        self.assert_documented(r, "/v1/ask", "post")
        res = r.json()
        self.assertLessEqual(len(res["answers"]), 2)
        self.assertEqual(res["context"][-1], "salary")
        for a in res["answers"]:
            self.assertIn("salary", a["tags"])
            self.assertIn("explanation", a)
        # null means "not given" for the optional fields
        r = self.ask({"question": "salary", "lang": None, "context": None, "filters": None,
                      "threshold": None})
        self.assertEqual(r.status, 200, r)

    def test_follow_up_with_context(self):
        first = self.ask({"question": "How much does an International Sales Manager earn?"}).json()
        r = self.ask({"question": "and at senior level?", "context": first["context"]})
        self.assertEqual(r.status, 200, r)
        second = r.json()
        self.assertEqual(second["context"], first["context"] + ["and at senior level?"])
        self.assertTrue(second["answers"], second)

    def test_empty_question_is_a_fallback_not_an_error(self):
        r = self.ask({"question": "   "})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["outcome"], "fallback")

    def test_entry(self):
        r = self.call("GET", "/v1/entries/salary-median?lang=ar")
        self.assertEqual(r.status, 200, r)
        self.assert_documented(r, "/v1/entries/{id}", "get")
        e = r.json()
        self.assertEqual((e["id"], e["lang"]), ("salary-median", "ar"))
        self.assertEqual(self.call("GET", "/v1/entries/salary-median").json()["lang"], "en")
        r = self.call("GET", "/v1/entries/no-such-entry")
        self.assert_error(r, 404, "not_found", "/v1/entries/{id}", "get")
        r = self.call("GET", "/v1/entries/salary-median?lang=%3Cscript%3E")
        self.assert_error(r, 400, "invalid_request", "/v1/entries/{id}", "get")
        r = self.call("GET", "/v1/entries/" + "x" * 300)
        self.assert_error(r, 404, "not_found", "/v1/entries/{id}", "get")

    def test_unanswered_without_logging(self):
        r = self.call("GET", "/v1/unanswered")
        self.assertEqual(r.status, 200, r)
        self.assert_documented(r, "/v1/unanswered", "get")
        self.assertEqual(r.json(), {"logging": False, "unanswered": []})
        r = self.call("GET", "/v1/unanswered?limit=0")
        self.assert_error(r, 400, "invalid_request", "/v1/unanswered", "get")

    def test_openapi_document_is_served(self):
        r = self.call("GET", "/v1/openapi.json")
        self.assertEqual(r.status, 200)
        with open(os.path.join(ROOT, "docs", "openapi.json"), "rb") as f:
            self.assertEqual(r.body, f.read())
        self.assertTrue(r.json()["openapi"].startswith("3."))

    def test_widget_and_demo_page(self):
        r = self.call("GET", "/widget/faq-chat.js")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("text/javascript"))
        with open(os.path.join(ROOT, "web", "faq-chat.js"), "rb") as f:
            plain = f.read()
        self.assertEqual(r.body, plain)
        self.assertEqual(r.headers["access-control-allow-origin"], "*")
        etag = r.headers["etag"]
        r = self.call("GET", "/widget/faq-chat.js", headers={"If-None-Match": etag})
        self.assertEqual((r.status, r.body), (304, b""))
        # Compressed once at start-up with gzip; never brotli (it costs ~100 ms per request).
        r = self.call("GET", "/widget/faq-chat.js", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(r.headers.get("content-encoding"), "gzip")
        self.assertEqual(gzip.decompress(r.body), plain)
        self.assertNotEqual(r.headers["etag"], etag)
        r = self.call("GET", "/widget/faq-chat.js", headers={"Accept-Encoding": "br"})
        self.assertNotIn("content-encoding", r.headers)
        self.assertEqual(r.body, plain)
        r = self.call("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("text/html"))
        self.assertIn(b"<faq-chat", r.body)
        self.assertIn("default-src 'none'", r.headers["content-security-policy"])
        r = self.call("HEAD", "/")
        self.assertEqual((r.status, r.body), (200, b""))

    def test_range_is_ignored(self):
        r = self.ask({"question": "salary"}, headers={"Range": "bytes=0-10"})
        self.assertEqual(r.status, 200)
        r.json()

    def test_security_headers(self):
        r = self.call("GET", "/v1/health")
        self.assertEqual(r.headers["x-content-type-options"], "nosniff")
        self.assertEqual(r.headers["cache-control"], "no-store")

    def test_cors(self):
        r = self.ask({"question": "salary"}, headers={"Origin": ALLOWED_ORIGIN})
        self.assertEqual(r.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN)
        self.assertIn("Origin", r.headers.get("vary", ""))
        r = self.ask({"question": "salary"}, headers={"Origin": "https://evil.example"})
        self.assertNotIn("access-control-allow-origin", r.headers)
        r = self.call("OPTIONS", "/v1/ask", headers={
            "Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        self.assertEqual(r.status, 204)
        self.assertEqual(r.headers["access-control-allow-origin"], ALLOWED_ORIGIN)
        self.assertIn("POST", r.headers["access-control-allow-methods"])
        self.assertIn("Content-Type", r.headers["access-control-allow-headers"])
        r = self.call("OPTIONS", "/v1/ask", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        self.assertEqual(r.status, 204)
        self.assertNotIn("access-control-allow-origin", r.headers)
        # Errors carry the CORS headers too, so that a page can read them.
        r = self.ask("{bad", headers={"Origin": ALLOWED_ORIGIN, "Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN)

    def test_binds_to_loopback_by_default(self):
        m = re.search(r"listening on http://(\S+):\d+", self.server.log())
        self.assertEqual(m.group(1), "127.0.0.1")
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
        listening = [r[1] for r in rows if r[3] == "0A" and int(r[1].split(":")[1], 16) == self.port]
        self.assertEqual(listening, [f"0100007F:{self.port:04X}"])

    def test_access_log(self):
        self.call("GET", "/v1/health?secret=1")
        time.sleep(0.2)
        lines = [x for x in self.server.log().splitlines() if " GET /v1/health " in x]
        self.assertTrue(lines)
        self.assertRegex(lines[-1], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 GET "
                                    r"/v1/health 200 \d+\.\d\dms \d+B$")
        self.assertNotIn("secret", self.server.log(), "query strings are not logged")

    # -- bad requests ----------------------------------------------------------------------------

    def test_malformed_json(self):
        for body in [b"{bad", b"", b"{\"question\": \"a\"", b"nul", b"\xff\xfe{}",
                     b"{\"question\": \"caf\xe9\"}"]:
            r = self.ask(body, headers={"Content-Type": "application/json"})
            self.assert_error(r, 400)
            self.assertIn(r.json()["error"]["code"], ("bad_json", "invalid_request"), body)

    def test_wrong_types_and_unknown_fields(self):
        cases = [
            [1, 2], json.dumps("just a string"), {"question": 42}, {"question": None}, {"query": ["a"]},
            {"question": "a", "k": "3"}, {"question": "a", "k": 2.5}, {"question": "a", "k": True},
            {"question": "a", "lang": 5}, {"question": "a", "context": "previous turn"},
            {"question": "a", "context": [1, 2]}, {"question": "a", "filters": ["tags"]},
            {"question": "a", "threshold": "high"}, {"question": "a", "explain": "yes"},
            {"question": "a", "colour": "red"}, {"question": "a", "query": "b"}, {},
            {"question": "a", "k": 0}, {"question": "a", "threshold": 7},
            {"question": "a", "lang": "not a tag!"}, {"question": "a", "filters": {"nope": 1}},
        ]
        for body in cases:
            with self.subTest(body=body):
                self.assert_error(self.ask(body), 400, "invalid_request")

    def test_deep_nesting_is_refused(self):
        body = '{"question": "a", "filters": ' + '{"all": [' * 5000 + ']}' * 5000 + '}'
        self.assert_error(self.ask(body, headers={"Content-Type": "application/json"}), 400,
                          "invalid_request")

    def test_limits_are_422(self):
        self.assert_error(self.ask({"question": "salary " * 1000}), 422, "limit_exceeded")
        self.assert_error(self.ask({"question": "a", "k": 1000}), 422, "limit_exceeded")
        self.assert_error(self.ask({"question": "a", "context": ["turn"] * 20}), 422,
                          "limit_exceeded")
        self.assert_error(self.ask({"question": "a", "context": ["x" * 5000]}), 422,
                          "limit_exceeded")

    def test_hostile_questions_are_answered_or_refused_cleanly(self):
        for q in ["salary\u0000 NEAR/2 \"skills\" OR * AND (", "\u202e\u200b\ufeff", "😀" * 500,
                  "' OR 1=1; DROP TABLE entries; --", "<script>alert(1)</script> salary",
                  "a" * 4096, "NEAR(salary skills, 2)", "^salary*", "salary:skills"]:
            with self.subTest(q=q[:40]):
                r = self.ask({"question": q})
                self.assertIn(r.status, (200, 400, 422), r)
                if r.status == 200:
                    self.assert_documented(r, "/v1/ask", "post")
                    for a in r.json()["answers"]:
                        self.assertNotIn("<script>", a["snippet"])
                else:
                    self.assert_error(r, r.status)

    def test_oversized_body_is_413(self):
        big = json.dumps({"question": "a", "context": ["x" * 1000] * 100}).encode()
        self.assertGreater(len(big), 65536)
        r = self.ask(big, headers={"Content-Type": "application/json"})
        self.assert_error(r, 413, "payload_too_large")
        # A huge declared length is refused before any of it is read.
        data = raw_exchange(self.port, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Length: 99999999999\r\n\r\n")
        self.assertEqual(parse_responses(data)[0].status, 413)

    def test_unknown_paths_and_methods(self):
        self.assert_error(self.call("GET", "/v2/ask"), 404, "not_found", None)
        self.assert_error(self.call("GET", "/v1/entries/"), 404, "not_found", None)
        self.assert_error(self.call("GET", "/../../etc/passwd"), 404, "not_found", None)
        r = self.call("GET", "/v1/ask")
        self.assert_error(r, 405, "method_not_allowed")
        self.assertEqual(r.headers["allow"], "POST, OPTIONS")
        self.assert_error(self.call("DELETE", "/v1/health"), 405, "method_not_allowed",
                          "/v1/health", "get")
        self.assert_error(self.call("PUT", "/v1/entries/salary-median", b"{}"), 405,
                          "method_not_allowed", "/v1/entries/{id}", "get")
        self.assert_error(self.call("TRACE", "/v1/health"), 405, "method_not_allowed", None)
        self.assert_error(self.call("BREW", "/v1/health"), 501, "not_implemented", None)

    def test_unsupported_media_type(self):
        r = self.ask(b"--x\r\n", headers={"Content-Type": "multipart/form-data; boundary=x"})
        self.assert_error(r, 415, "unsupported_media_type")
        # curl -d sends form encoding: still read as JSON
        r = self.ask(json.dumps({"question": "salary"}),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 200)

    def test_framing_errors(self):
        cases = [
            (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             b"5\r\nhello\r\n0\r\n\r\n", 411),
            (b"POST /v1/ask HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400),
            (b"POST /v1/ask HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            (b"GET /v1/health HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            (b"GET /v1/health HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", 400),
            (b"GET /v1/health HTTP/2.0\r\n\r\n", 505),
            (b"GET /v1/health\r\n\r\n", 400),
            (b"GET v1/health HTTP/1.1\r\n\r\n", 400),
            (b"GET /v1/health HTTP/1.1\r\nX: a\x00b\r\n\r\n", 400),
            (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", 414),
            (b"GET /v1/health HTTP/1.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", 431),
            (b"GET /v1/health HTTP/1.1\r\nX-Line: " + b"a" * 9000 + b"\r\n\r\n", 431),
            (b"GET /v1/health HTTP/1.1\r\n" + b"X-A: b\r\n" * 150 + b"\r\n", 431),
            (b"GET /v1/health HTTP/1.1\r\nExpect: teapot\r\n\r\n", 417),
        ]
        for payload, status in cases:
            with self.subTest(payload=payload[:60]):
                rs = parse_responses(raw_exchange(self.port, payload))
                self.assertEqual(len(rs), 1, rs)
                self.assertEqual(rs[0].status, status, rs[0])
                self.assertEqual(rs[0].headers.get("connection"), "close")
                err = rs[0].json()["error"]
                self.assertEqual(API.errors({"error": err}, API.schema("Error")), [])

    def test_endless_header_stream_is_cut_off(self):
        # A client that never ends its headers gets 431 once the limit is crossed; what it sends
        # after that is read and dropped, not buffered.
        with socket.create_connection(("127.0.0.1", self.port), timeout=15) as s:
            s.sendall(b"GET /v1/health HTTP/1.1\r\n")
            try:
                for _ in range(200):
                    s.sendall(b"X-Filler: " + b"y" * 1000 + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            data = read_until_close(s)
        self.assertTrue(data.startswith(b"HTTP/1.1 431 "), data[:100])

    def test_keep_alive_and_pipelining(self):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        for _ in range(5):
            r = request(self.port, "POST", "/v1/ask", {"question": "salary"}, conn=conn)
            self.assertEqual(r.status, 200)
        conn.close()
        body = json.dumps({"question": "skills"}).encode()
        one = (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        last = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        rs = parse_responses(raw_exchange(self.port, b"\r\n" + one + one + last))
        self.assertEqual([r.status for r in rs], [200, 200, 200])
        self.assertEqual(rs[0].json(), rs[1].json())
        self.assertEqual(rs[2].json()["status"], "ok")

    def test_expect_100_continue(self):
        body = json.dumps({"question": "salary"}).encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=15) as s:
            s.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: " +
                      str(len(body)).encode() + b"\r\n\r\n")
            interim = s.recv(1024)
            self.assertEqual(interim, b"HTTP/1.1 100 Continue\r\n\r\n")
            s.sendall(body)
            data = read_until_close(s)
        self.assertEqual(data.count(b"100 Continue"), 0, "only one interim response")
        rs = parse_responses(data)
        self.assertEqual(rs[0].status, 200)

    def test_half_closed_client_still_gets_its_answer(self):
        body = json.dumps({"question": "salary"}).encode()
        data = raw_exchange(self.port, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                            str(len(body)).encode() + b"\r\n\r\n" + body, shut_write=True)
        self.assertEqual(parse_responses(data)[0].status, 200, data[:300])


class HardeningTest(unittest.TestCase):
    """Hostile clients against a small server: they must not stop it from serving others."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(BIN, DB, WORK, "--threads", "2", "--max-connections", "64",
                            "--request-timeout", "3", "--keepalive-timeout", "2", "--quiet",
                            name="hardening")
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0, cls.server.log()

    def ok(self):
        r = request(self.port, "POST", "/v1/ask", {"question": "salary"}, timeout=20)
        self.assertEqual(r.status, 200, r)

    def test_slow_clients_do_not_block_others(self):
        # Far more trickling clients than workers; each sends part of a head and stalls.
        slow = []
        for _ in range(40):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
            s.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Le")
            slow.append(s)
        try:
            for _ in range(10):
                self.ok()
            # Slow bodies too: a head that promises more than it sends.
            for s in slow[:10]:
                s.sendall(b"ngth: 100\r\n\r\n{\"question\"")
            for _ in range(10):
                self.ok()
            # Each stalled request is answered 408 once its time is up, and closed.
            for s in slow:
                data = read_until_close(s)
                self.assertTrue(data.startswith(b"HTTP/1.1 408 "), data[:80])
        finally:
            for s in slow:
                s.close()

    def test_connection_flood_does_not_lock_out(self):
        idle = [socket.create_connection(("127.0.0.1", self.port), timeout=20) for _ in range(150)]
        try:
            for _ in range(5):
                self.ok()
        finally:
            for s in idle:
                s.close()

    @unittest.skipIf(os.environ.get("FAQLITE_SANITIZED") == "1",
                     "AddressSanitizer keeps freed memory in quarantine (256 MiB), so RSS "
                     "growth says nothing; the normal build's run checks the bound")
    def test_memory_stays_bounded(self):
        self.ok()
        before = self.server.rss_kib()
        big_header = (b"GET /v1/health HTTP/1.1\r\nConnection: close\r\n" +
                      b"X: " + b"a" * 7900 + b"\r\nY: " + b"b" * 7900 + b"\r\n\r\n")
        too_big_header = b"GET /v1/health HTTP/1.1\r\nX: " + b"a" * 17000 + b"\r\n\r\n"
        big_body = json.dumps({"question": "a", "context": ["x" * 4000] * 8})
        for i in range(300):
            self.assertEqual(parse_responses(raw_exchange(self.port, big_header))[0].status, 200)
            self.assertEqual(parse_responses(raw_exchange(self.port, too_big_header))[0].status,
                             431)
            request(self.port, "POST", "/v1/ask", big_body)
            request(self.port, "POST", "/v1/ask", {"question": f"salary skills {i}", "k": 50})
        after = self.server.rss_kib()
        print(f"\n  server RSS: {before} KiB before, {after} KiB after 1200 heavy requests",
              file=sys.stderr)
        self.assertLess(after - before, 64 * 1024, "memory grew by more than 64 MiB")

    def test_request_timeout_408(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=20) as s:
            s.sendall(b"GET /v1/health HTTP/1.1\r\n")
            data = read_until_close(s)
        rs = parse_responses(data)
        self.assertEqual(rs[0].status, 408)
        self.assertEqual(rs[0].json()["error"]["code"], "request_timeout")

    def test_idle_keep_alive_connections_are_closed(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=20) as s:
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            t0 = time.monotonic()
            data = read_until_close(s)  # the response, then the close after the idle time
            self.assertLess(time.monotonic() - t0, 19, "closed by the server, not the test")
        self.assertEqual(parse_responses(data)[0].status, 200, data[:300])


class UnansweredTest(unittest.TestCase):
    def test_logging_and_admin_token(self):
        db = copy_db("unanswered.db")
        server = Server(BIN, db, WORK, "--log-unanswered", "--admin-token", "s3cret",
                        name="unanswered")
        try:
            for _ in range(3):
                r = request(server.port, "POST", "/v1/ask", {"question": "zqxv wrrnt plokj"})
                self.assertEqual(r.json()["outcome"], "fallback")
            r = request(server.port, "GET", "/v1/unanswered")
            self.assertEqual(r.status, 401)
            self.assertEqual(r.json()["error"]["code"], "unauthorized")
            r = request(server.port, "GET", "/v1/unanswered",
                        headers={"Authorization": "Bearer wrong!"})
            self.assertEqual(r.status, 401)
            r = request(server.port, "GET", "/v1/unanswered?limit=10",
                        headers={"Authorization": "Bearer s3cret"})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(API.errors(r.json(), API.response_schema("/v1/unanswered", "get", 200)),
                             [])
            body = r.json()
            self.assertTrue(body["logging"])
            top = body["unanswered"][0]
            self.assertEqual((top["query"], top["count"], top["outcome"]),
                             ("zqxv wrrnt plokj", 3, "fallback"))
        finally:
            self.assertEqual(server.stop(), 0)


class LoadTest(unittest.TestCase):
    def test_concurrent_load_has_no_errors(self):
        import http.client
        server = Server(BIN, DB, WORK, "--quiet", name="load")
        stats = {"ok": 0, "errors": []}
        latencies = []
        lock = threading.Lock()
        stop_at = time.monotonic() + LOAD_SECONDS
        start = threading.Barrier(LOAD_CONNECTIONS)

        def client(n):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            start.wait()
            i = n
            while time.monotonic() < stop_at:
                q, lang = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                body = {"question": q, "k": 3}
                if lang:
                    body["lang"] = lang
                t0 = time.monotonic()
                try:
                    r = request(server.port, "POST", "/v1/ask", body, conn=conn)
                    ok = r.status == 200 and isinstance(r.json()["answers"], list)
                    err = None if ok else f"{r.status} {r.body[:100]!r}"
                except Exception as e:  # noqa: BLE001 - every failure counts
                    err = f"{type(e).__name__}: {e}"
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                with lock:
                    if err:
                        stats["errors"].append(err)
                    else:
                        stats["ok"] += 1
                        latencies.append(time.monotonic() - t0)
            conn.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CONNECTIONS)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        rss = server.rss_kib()
        code = server.stop()
        latencies.sort()
        pct = (lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
               if latencies else 0)
        print(f"\n  load: {LOAD_CONNECTIONS} connections, {elapsed:.1f} s, {stats['ok']} answers, "
              f"{stats['ok'] / elapsed:.0f}/s, latency p50 {pct(0.5):.1f} ms p99 {pct(0.99):.1f} ms, "
              f"{len(stats['errors'])} errors, server RSS {rss // 1024} MiB", file=sys.stderr)
        self.assertEqual(stats["errors"][:5], [])
        self.assertGreater(stats["ok"], 0)
        self.assertEqual(code, 0)


class ShutdownTest(unittest.TestCase):
    def test_sigterm_finishes_in_flight_requests(self):
        server = Server(BIN, DB, WORK, name="shutdown")
        body = json.dumps({"question": "salary"}).encode()
        head = (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        busy = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        busy.sendall(head)  # a request in flight: its body is still on the way
        time.sleep(0.3)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # New connections are refused once the server stops listening.
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
        busy.sendall(body)
        rs = parse_responses(read_until_close(busy))
        busy.close()
        self.assertEqual(len(rs), 1)
        self.assertEqual(rs[0].status, 200)
        self.assertEqual(rs[0].headers.get("connection"), "close")
        self.assertEqual(read_until_close(idle), b"", "idle connections are closed")
        idle.close()
        self.assertEqual(server.proc.wait(timeout=30), 0)
        log = server.log()
        self.assertIn("stopping", log)
        self.assertIn("stopped after", log)
        server.stop()

    def test_sigint_stops_an_idle_server(self):
        server = Server(BIN, DB, WORK, name="sigint")
        self.assertEqual(request(server.port, "GET", "/v1/health").status, 200)
        self.assertEqual(server.stop(signal.SIGINT), 0)


class CommandLineTest(unittest.TestCase):
    def run_serve(self, *args):
        return subprocess.run([BIN, "serve", *args], capture_output=True, timeout=60)

    def test_bad_options_are_usage_errors(self):
        for args in (["--port", "70000"], ["--threads", "0"], ["--max-body", "x"],
                     ["--request-timeout", "-1"], ["--bogus"], ["extra"]):
            with self.subTest(args=args):
                self.assertEqual(self.run_serve("--db", DB, *args).returncode, 2)

    def test_missing_index_is_an_index_error(self):
        r = self.run_serve("--db", os.path.join(WORK, "missing.db"), "--port", "0")
        self.assertEqual(r.returncode, 4, r.stderr)

    def test_port_in_use(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            r = self.run_serve("--db", DB, "--port", str(s.getsockname()[1]))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"cannot listen", r.stderr)

    def test_help(self):
        r = self.run_serve("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"--cors", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
