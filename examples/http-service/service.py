#!/usr/bin/env python3
"""A small scoring service in Python, replayed by Kappa Replay's built-in HTTP handler.

Standard library only. It answers the HTTP handler's contract (docs/consumer.md, "The HTTP handler"):
POST a JSON body {"value": {...}, "context": {...}} with the snapshot instant in the
Kappa-Snapshot header, answer {"outputs": [...]} with records of the job's output schema
(scored.avsc).

It also plays the failures a real service shows, by the input's number i:
  i % 10 == 3  400, for good: the record lands in the DLQ with kappa.error.http-status=400
  i % 100 == 1 503 with Retry-After: 0 on every attempt: once the retries run out, the record
               lands in the DLQ with kappa.error.http-status=503
  i % 10 == 5  503 with Retry-After: 1 (seconds) on the first attempt, then success
  i % 10 == 7  429 with Retry-After as an HTTP date 2s ahead on the first attempt, then success
  i % 10 == 9  no outputs
  otherwise    one output, two for even i
A retry that comes sooner than its Retry-After is refused with 409 (permanent), so a replay that
ignores Retry-After shows up in the DLQ.

Usage: python3 service.py [--port N]   (0, the default, picks a free port; the first line on
standard output is "listening on 127.0.0.1:<port>")
"""

import argparse
import email.utils
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The least wait a retry must honour, by key: a little under the Retry-After given, since an HTTP
# date has whole seconds.
_not_before = {}
_lock = threading.Lock()


def score(value, snapshot):
    i = value["i"]
    count = 0 if i % 10 == 9 else (2 if i % 2 == 0 else 1)
    return [
        {"i": i, "index": n, "doubled": 2 * i, "snapshot": snapshot,
         "band": "high" if i >= 100 else None}
        for n in range(count)
    ]


class Handler(BaseHTTPRequestHandler):
    # Keep-alive, with a Content-Length on every answer. Under HTTP/1.0 the server closes each
    # connection after one answer without saying so, and a client that pools connections (the
    # JDK's does) may send the next request on one already closed: a failure without an answer.
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: one line per record is too much
        pass

    def _answer(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        try:
            request = json.loads(self.rfile.read(length))
            value, context = request["value"], request["context"]
            i, key, attempt = value["i"], context["key"], context["attempt"]
        except (ValueError, KeyError, TypeError) as e:
            self._answer(400, {"error": "not a Kappa Replay request: %s" % e})
            return
        snapshot = self.headers.get("Kappa-Snapshot")
        if snapshot != context["snapshotInstant"]:
            self._answer(400, {"error": "Kappa-Snapshot %r is not the context's %r"
                               % (snapshot, context["snapshotInstant"])})
            return
        now = time.monotonic()
        with _lock:
            not_before = _not_before.get(key)
        if not_before is not None and now < not_before:
            self._answer(409, {"error": "retried %.3fs before Retry-After allowed"
                               % (not_before - now)})
            return
        if i % 10 == 3:
            self._answer(400, {"error": "order %d breaks a business rule" % i})
            return
        if i % 100 == 1:
            self._answer(503, {"error": "down for maintenance"}, {"Retry-After": "0"})
            return
        if i % 10 == 5 and attempt == 1:
            with _lock:
                _not_before[key] = now + 0.95
            self._answer(503, {"error": "warming up"}, {"Retry-After": "1"})
            return
        if i % 10 == 7 and attempt == 1:
            at = email.utils.formatdate(time.time() + 2, usegmt=True)
            with _lock:
                _not_before[key] = now + 0.95
            self._answer(429, {"error": "too many requests"}, {"Retry-After": at})
            return
        self._answer(200, {"outputs": score(value, snapshot)})


class Server(ThreadingHTTPServer):
    # The replay sends as many requests at once as its in-flight limit allows; the default listen
    # backlog of 5 resets connections under that burst.
    request_queue_size = 1024
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    print("listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
