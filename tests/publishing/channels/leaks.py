"""The check every adapter's contract test makes: a credential never reaches an error, a log line or a repr."""

import logging


def assert_never_shown(secret: str, error, adapter, caplog: logging.LogRecord) -> None:
    texts = [str(error), repr(error), error.summary(), error.network_message, repr(adapter), str(adapter)]
    texts += [record.getMessage() for record in caplog.records]
    assert caplog.records, "the failure is logged"
    assert not [text for text in texts if secret in text]
    assert "[redacted]" in error.network_message
