"""What the fake networks share: a threaded HTTP server on 127.0.0.1 that records every request.

A fake answers as the network documents; `fail_next` makes the next matching request(s) answer with an
error the way the network does (status, JSON body, headers), before any other check.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class FilePart:
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # names in lower case
    body: bytes
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, FilePart] = field(default_factory=dict)

    def json(self):
        return json.loads(self.body)


@dataclass
class Answer:
    status: int
    body: object = None  # dict/list → JSON; str → text/html; None → empty
    headers: dict[str, str] = field(default_factory=dict)


def parse_body(headers: dict[str, str], body: bytes) -> tuple[dict[str, list[str]], dict[str, FilePart]]:
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return parse_qs(body.decode("utf-8"), keep_blank_values=True), {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        form: dict[str, list[str]] = {}
        files: dict[str, FilePart] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            data = part.get_payload(decode=True) or b""
            if filename is not None:
                files[name] = FilePart(filename, part.get_content_type(), data)
            else:
                form.setdefault(name, []).append(data.decode("utf-8"))
        return form, files
    return {}, {}


class FakeNetwork:
    """Subclasses implement `route(request) -> Answer`."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._failures: list[tuple[str, Answer]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle

    def start(self) -> FakeNetwork:
        network = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                url = urlsplit(self.path)
                headers = {name.lower(): value for name, value in self.headers.items()}
                body = self.rfile.read(int(headers.get("content-length") or 0))
                form, files = parse_body(headers, body)
                request = RecordedRequest(self.command, url.path.rstrip("/") or "/", parse_qs(url.query), headers, body, form, files)
                answer = network.answer(request)
                if isinstance(answer.body, dict | list):
                    payload, content_type = json.dumps(answer.body).encode(), "application/json; charset=utf-8"
                elif isinstance(answer.body, str):
                    payload, content_type = answer.body.encode(), "text/html; charset=utf-8"
                else:
                    payload, content_type = b"", "text/plain"
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

            def log_message(self, format, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- behaviour

    def fail_next(self, path: str, answer: Answer, *, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([(path, answer)] * times)

    def answer(self, request: RecordedRequest) -> Answer:
        with self._lock:
            self.requests.append(request)
            for index, (path, failure) in enumerate(self._failures):
                if request.path == path:
                    del self._failures[index]
                    return failure
            return self.route(request)

    def route(self, request: RecordedRequest) -> Answer:
        raise NotImplementedError

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path == path]
