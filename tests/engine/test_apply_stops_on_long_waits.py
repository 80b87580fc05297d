"""A wait past --max-wait stops apply at the first change: the rest are skipped, not each sent
into the same 24-hour Retry-After."""

from __future__ import annotations

import httpx

from reconciler.engine.apply import apply_changes
from reconciler.engine.outcome import Status
from reconciler.engine.plan import Action
from tests.client.fakes import make_client, respond
from tests.engine.helpers import change, references


def test_a_wait_past_max_wait_stops_apply_and_skips_the_rest() -> None:
    requests: list[httpx.Request] = []

    def busy_for_a_day(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return respond(429, {"message": "Rate limit exceeded"}, headers={"Retry-After": "86400"})

    client, clock = make_client(busy_for_a_day)
    changes = [change("payment_term", f"Net {days}", Action.UPDATE, {"due_in_days": (1, days)},
                      remote_id=days) for days in (7, 14, 30)]
    report = apply_changes(changes, client, references())
    assert [o.status for o in report.outcomes] == [Status.FAILED, Status.SKIPPED, Status.SKIPPED]
    assert "longer than --max-wait 15 min" in (report.outcomes[0].message or "")
    assert "stopped after" in (report.outcomes[1].message or "")
    assert len(requests) == 1
    assert clock.sleeps == []
