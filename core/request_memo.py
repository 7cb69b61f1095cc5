"""Values worked out at most once per request and forgotten when it ends.

A public page builds several page querysets (listing, menu, related records), and each must leave out
private sections. Reading the view restrictions once per request instead of once per queryset keeps
the query count of a page flat, without a cross-request cache that could show a newly private page.
"""

from collections.abc import Callable
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Opens an empty memo for each request; the response is rendered inside it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def memoised[T](key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request under `key`; outside a request (commands, tasks) every call computes."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    """Drop `key` from the current request's memo (a save within the request changed what it stands for)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)
