"""The server's clock as seen from here: its epoch times turned into this machine's.

``X-Rate-Limit-Reset`` and an HTTP-date ``Retry-After`` are times on the server's clock. Read
against a local clock an hour ahead, a reset looks long past and the governor would stop
waiting and send into 429s; an hour behind, it would wait an hour too long. Every response's
``Date`` header gives the offset. The first reading is kept until one differs by more than
``TOLERANCE`` seconds: ``Date`` has whole seconds, and an offset jittering by a fraction of a
second would make the same reset look like different windows.
"""

from __future__ import annotations

import threading
from email.utils import parsedate_to_datetime

TOLERANCE = 2.0


class ServerClock:
    """``offset`` = local time minus server time, in seconds (0 until a ``Date`` is seen)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset: float | None = None

    @property
    def offset(self) -> float:
        return self._offset or 0.0

    def observe(self, date_header: str | None, local_now: float) -> None:
        server_now = http_date(date_header)
        if server_now is None:
            return
        with self._lock:
            offset = local_now - server_now
            if self._offset is None or abs(offset - self._offset) > TOLERANCE:
                self._offset = offset

    def to_local(self, server_time: float) -> float:
        return server_time + self.offset

    def server_now(self, local_now: float) -> float:
        return local_now - self.offset


def http_date(value: str | None) -> float | None:
    """An HTTP date as epoch seconds, or ``None`` when missing or unreadable."""
    if value is None:
        return None
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return None if when.tzinfo is None else when.timestamp()
