"""A Bluesky PDS as the XRPC reference describes it (docs.bsky.app/docs/api/).

- POST /xrpc/com.atproto.server.createSession `{"identifier", "password"}` → `accessJwt`, `refreshJwt`,
  `handle`, `did`; a wrong password answers 401 `{"error": "AuthenticationRequired", "message": "Invalid
  identifier or password"}`.
- POST /xrpc/com.atproto.repo.uploadBlob, the file as the body with its Content-Type → `{"blob": …}`.
- POST /xrpc/com.atproto.repo.createRecord `{"repo", "collection", "record"}` → `{"uri", "cid"}`; the record
  is checked the way the PDS checks app.bsky.feed.post (text ≤ 300 graphemes, known blobs, alt present).
- Errors are `{"error": "<Name>", "message": "…"}`; `rate_limited()` prepares a 429 with the RateLimit-*
  headers the PDS sends.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from itertools import count

import regex

from .fake_http import Answer, FakeNetwork, RecordedRequest

DID = "did:plc:fakedialog7q2xkrn"
HANDLE = "dialog.example"
SESSION = "/xrpc/com.atproto.server.createSession"
UPLOAD_BLOB = "/xrpc/com.atproto.repo.uploadBlob"
CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord"
GET_POSTS = "/xrpc/app.bsky.feed.getPosts"


def invalid(message: str) -> Answer:
    return Answer(400, {"error": "InvalidRequest", "message": message})


class FakeBluesky(FakeNetwork):
    def __init__(self, *, identifier: str = HANDLE, app_password: str = "fake-app-pass-word") -> None:
        super().__init__()
        self.identifier = identifier
        self.app_password = app_password
        self.access_jwts: set[str] = set()
        self.blobs: dict[str, dict] = {}
        self.records: dict[str, dict] = {}
        self.counts: dict[str, dict[str, int]] = {}  # per post uri: likeCount, repostCount, quoteCount, replyCount
        self._rkeys = count(1)

    def rate_limited(self, path: str = CREATE_RECORD, *, reset_in: int = 300) -> None:
        self.fail_next(path, Answer(429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, {
            "RateLimit-Limit": "30", "RateLimit-Remaining": "0", "RateLimit-Reset": str(int(time.time()) + reset_in),
            "RateLimit-Policy": "30;w=300"}))

    def route(self, request: RecordedRequest) -> Answer:
        if request.method == "POST" and request.path == SESSION:
            return self._session(request)
        if (request.method, request.path) not in {("POST", UPLOAD_BLOB), ("POST", CREATE_RECORD), ("GET", GET_POSTS)}:
            return Answer(404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return Answer(401, {"error": "AuthenticationRequired", "message": "Authentication Required"})
        if authorization.removeprefix("Bearer ") not in self.access_jwts:
            return Answer(400, {"error": "InvalidToken", "message": "Token could not be verified"})
        if request.path == GET_POSTS:
            return self._get_posts(request)
        if request.path == UPLOAD_BLOB:
            return self._upload(request)
        if request.path == CREATE_RECORD:
            return self._create(request)
        return Answer(404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})

    def _session(self, request: RecordedRequest) -> Answer:
        body = request.json()
        if body.get("identifier") != self.identifier or body.get("password") != self.app_password:
            return Answer(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
        access = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ." + secrets.token_urlsafe(24)
        self.access_jwts.add(access)
        return Answer(200, {"accessJwt": access, "refreshJwt": "eyJyZWZyZXNo." + secrets.token_urlsafe(24),
                            "handle": HANDLE, "did": DID, "active": True})

    def _upload(self, request: RecordedRequest) -> Answer:
        if not request.body:
            return invalid("Request body is empty")
        ref = "bafkrei" + hashlib.sha256(request.body).hexdigest()[:52]
        blob = {"$type": "blob", "ref": {"$link": ref}, "mimeType": request.headers.get("content-type", "*/*"),
                "size": len(request.body)}
        self.blobs[ref] = blob
        return Answer(200, {"blob": blob})

    def _get_posts(self, request: RecordedRequest) -> Answer:
        """app.bsky.feed.getPosts: the post views of existing posts; unknown uris are left out, not an error."""
        posts = [
            {"uri": uri, "cid": "bafyrei" + hashlib.sha256(uri.encode()).hexdigest()[:52], "author": {"did": DID, "handle": HANDLE},
             "record": self.records[uri], "indexedAt": self.records[uri]["createdAt"],
             **{"likeCount": 0, "repostCount": 0, "quoteCount": 0, "replyCount": 0, **self.counts.get(uri, {})}}
            for uri in request.query.get("uris", []) if uri in self.records
        ]
        return Answer(200, {"posts": posts})

    def _create(self, request: RecordedRequest) -> Answer:
        body = request.json()
        if body.get("repo") not in {DID, HANDLE}:
            return invalid("Could not find repo")
        record = body.get("record") or {}
        if body.get("collection") != "app.bsky.feed.post" or record.get("$type") != "app.bsky.feed.post":
            return invalid("Invalid collection")
        text = record.get("text", "")
        if len(regex.findall(r"\X", text)) > 300:
            return invalid("Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes")
        if "createdAt" not in record:
            return invalid('Invalid app.bsky.feed.post record: Record must have the property "createdAt"')
        for image in (record.get("embed") or {}).get("images", []):
            if "alt" not in image:
                return invalid('Invalid app.bsky.feed.post record: Record/embed/images/0 must have the property "alt"')
            if image["image"]["ref"]["$link"] not in self.blobs:
                return invalid(f"Could not find blob: {image['image']['ref']['$link']}")
        rkey = f"3l{next(self._rkeys):011d}"
        uri = f"at://{DID}/app.bsky.feed.post/{rkey}"
        self.records[uri] = record
        return Answer(200, {"uri": uri, "cid": "bafyrei" + hashlib.sha256(request.body).hexdigest()[:52],
                            "validationStatus": "valid"})
