"""Secrets to mask, process-wide: the access token, and the path of an ``--api-url``.

Whatever is registered here is replaced by ``***`` in every line gecko-apply prints (see
``console``) and in httpx's own log records, which carry full request URLs (a gateway key in
the path would otherwise reach any log at INFO).
"""

from __future__ import annotations

import logging
import threading

MASK = "***"


class Secrets:
    """Masks registered secrets in any text, however it got there."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.values: list[str] = []

    def add(self, secret: str) -> None:
        with self._lock:
            if secret and secret not in self.values:
                # longest first, so a secret containing another is masked whole
                self.values = sorted([*self.values, secret], key=len, reverse=True)

    def mask(self, text: str) -> str:
        for secret in self.values:
            text = text.replace(secret, MASK)
        return text


SECRETS = Secrets()


class _MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if SECRETS.values:
            record.msg, record.args = SECRETS.mask(record.getMessage()), None
        return True


def mask_library_logs() -> None:
    """Mask secrets in the records of httpx's logger (idempotent)."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _MaskingFilter) for f in logger.filters):
        logger.addFilter(_MaskingFilter())
