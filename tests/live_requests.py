"""Counts requests the live server is still handling, so a browser test can wait for them before teardown.

A browser test may end while a request it triggered is still running in the live server's thread (a form
submitted without waiting, a background poll). If pytest-django flushes the database at that moment the
flush fails on SQLite ("database table is locked") or the request writes into the next test.
"""

import threading

_lock = threading.Condition()
_in_flight = 0


class InFlightRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _in_flight
        with _lock:
            _in_flight += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _in_flight -= 1
                _lock.notify_all()


def wait_until_idle(timeout: float = 30.0) -> bool:
    """Block until no request is in flight; False if that did not happen within `timeout` seconds."""
    with _lock:
        return _lock.wait_for(lambda: _in_flight == 0, timeout=timeout)
