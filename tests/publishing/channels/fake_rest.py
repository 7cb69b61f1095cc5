"""What the fakes of X, LinkedIn and Meta's Graph APIs add to `fake_http`: a connection dropped mid-request.

`drop_next(path)` makes the next request to `path` end without an answer once its body has been read – the
case of a network that may have created the post but whose answer never came.
"""

from __future__ import annotations

from .fake_http import Answer, FakeNetwork, RecordedRequest


class DroppedConnection(Exception):
    """Raised inside the handler: the server closes the socket without answering."""


DROP = Answer(0)


class FakeApi(FakeNetwork):
    def start(self) -> FakeApi:
        super().start()
        self._server.handle_error = lambda request, client_address: None  # a dropped request is not a test failure
        return self

    def drop_next(self, path: str, *, times: int = 1) -> None:
        self.fail_next(path, DROP, times=times)

    def answer(self, request: RecordedRequest) -> Answer:
        answer = super().answer(request)
        if answer is DROP:
            raise DroppedConnection(request.path)
        return answer
