"""Saved plans are refused when expired, made from other files, or stale against the account."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from reconciler.engine.errors import PlanError, StalePlanError
from reconciler.engine.plan import Action, Change, Plan
from reconciler.engine.records import Remote
from reconciler.engine.saved import check_saved_plan
from tests.engine.helpers import LATER, NOW, STAMP, change, remote

HASH = "sha256:0123456789abcdef"


def saved(*changes: Change) -> Plan:
    return Plan(
        changes=changes,
        created_at=NOW,
        expires_at=NOW + timedelta(hours=24),
        config_hash=HASH,
    )


def account(*records: Remote) -> dict[str, list[Remote]]:
    grouped: dict[str, list[Remote]] = {}
    for record in records:
        grouped.setdefault(record.kind, []).append(record)
    return grouped


def problems_of(
    plan: Plan,
    remote_records: dict[str, list[Remote]],
    *,
    now: datetime = NOW + timedelta(minutes=5),
    config_hash: str | None = HASH,
) -> list[str]:
    with pytest.raises(StalePlanError) as raised:
        check_saved_plan(plan, now=now, config_hash=config_hash, remote=remote_records)
    return list(raised.value.problems)


UPDATE = change(
    "variant", "A-1", Action.UPDATE, {"name": ("a", "b")}, remote_id=457, fingerprint=STAMP
)
ARCHIVE = change("payment_term", "NET10", Action.ARCHIVE, remote_id=78, fingerprint=STAMP)
CREATE = change("price_list", "VIP", Action.CREATE)
CURRENT = account(
    remote("variant", 457, "A-1", fingerprint=STAMP),
    remote("payment_term", 78, "NET10", fingerprint=STAMP),
    remote("price_list", "retail", "retail", builtin=True),
)


def test_a_fresh_plan_passes() -> None:
    check_saved_plan(saved(UPDATE, ARCHIVE, CREATE), now=NOW, config_hash=HASH, remote=CURRENT)


def test_a_plan_without_a_configuration_hash_to_compare_passes() -> None:
    check_saved_plan(saved(UPDATE), now=NOW, config_hash=None, remote=CURRENT)


def test_an_expired_plan_is_refused() -> None:
    plan = saved(UPDATE)
    problems = problems_of(plan, CURRENT, now=NOW + timedelta(hours=24))
    assert plan.expires_at is not None
    assert problems[0] == f"the saved plan expired at {plan.expires_at.isoformat()}"
    assert "gecko-apply plan --out" in problems[-1]


def test_a_plan_of_another_configuration_is_refused() -> None:
    problems = problems_of(saved(UPDATE), CURRENT, config_hash="sha256:ffffffffffffffff")
    assert "configuration changed" in problems[0]
    assert "hash" in problems[0]


def test_a_touched_record_that_changed_is_refused_by_name() -> None:
    moved = account(
        remote("variant", 457, "A-1", fingerprint=LATER),
        remote("payment_term", 78, "NET10", fingerprint=STAMP),
    )
    problems = problems_of(saved(UPDATE, ARCHIVE), moved)
    assert problems[0] == (
        f'variant["A-1"] changed since the plan was made (was {STAMP}, now {LATER})'
    )
    assert len(problems) == 2


def test_a_record_archived_meanwhile_is_refused_by_name() -> None:
    archived = account(
        remote("variant", 457, "A-1", fingerprint=LATER, status="archived"),
        remote("payment_term", 78, "NET10", fingerprint=STAMP),
    )
    problems = problems_of(saved(UPDATE), archived)
    assert problems[0].startswith('variant["A-1"]')


def test_an_archive_of_a_record_archived_meanwhile_is_refused_by_name() -> None:
    archived = account(remote("payment_term", 78, "NET10", status="archived", fingerprint=LATER))
    problems = problems_of(saved(ARCHIVE), archived)
    assert problems[0].startswith('payment_term["NET10"]')


def test_a_record_gone_from_the_account_is_refused_by_name() -> None:
    problems = problems_of(saved(ARCHIVE), account())
    assert problems[0] == 'payment_term["NET10"] (id 78) is no longer in the account'


def test_a_created_key_that_now_exists_is_refused_by_name() -> None:
    exists = account(*CURRENT["variant"], *CURRENT["payment_term"], remote("price_list", 9, "vip"))
    problems = problems_of(saved(CREATE), exists)
    assert problems[0] == 'price_list["vip"] was created in the account since the plan'


def test_a_created_key_that_exists_only_archived_passes() -> None:
    archived = account(remote("price_list", 9, "VIP", status="archived"))
    check_saved_plan(saved(CREATE), now=NOW, config_hash=HASH, remote=archived)


def test_a_created_key_of_another_kind_passes() -> None:
    other = account(remote("payment_term", 9, "VIP"))
    check_saved_plan(saved(CREATE), now=NOW, config_hash=HASH, remote=other)


def test_every_problem_is_reported_at_once() -> None:
    moved = account(
        remote("variant", 457, "A-1", fingerprint=LATER), remote("price_list", 9, "VIP")
    )
    problems = problems_of(
        saved(UPDATE, ARCHIVE, CREATE),
        moved,
        now=NOW + timedelta(days=2),
        config_hash="sha256:other",
    )
    assert len(problems) == 6
    assert [p.split(" ")[0] for p in problems[2:5]] == [
        'variant["A-1"]',
        'payment_term["NET10"]',
        'price_list["vip"]',
    ]


def test_a_stale_plan_is_a_plan_error() -> None:
    with pytest.raises(PlanError):
        check_saved_plan(saved(), now=NOW + timedelta(days=2), config_hash=None, remote={})
