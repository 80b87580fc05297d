"""The plan's JSON form keeps everything and is versioned."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError

from reconciler.engine.plan import FORMAT_VERSION, Action, Change, Estimate, FieldChange, Plan
from tests.engine.helpers import LATER, NOW, STAMP, change


def full_plan() -> Plan:
    variant = Change(
        address='variant["DEMO-1"]',
        kind="variant",
        key="DEMO-1",
        action=Action.CREATE,
        reason="not in the account",
        fields={
            "sku": FieldChange(before=None, after="DEMO-1"),
            "prices.vip": FieldChange(before=None, after="20"),
            "taxable": FieldChange(before=None, after=True),
        },
        parent='product["Gobstopper"]',
        depends_on=('product["Gobstopper"]', 'price_list["vip"]'),
        source="catalogue.yaml:12:9",
    )
    return Plan(
        changes=(
            change("price_list", "VIP", Action.CREATE, {"code": (None, "VIP")}),
            change("product", "Gobstopper", Action.CREATE),
            variant,
            change(
                "tax_type",
                "GST",
                Action.UPDATE,
                {
                    "components": (
                        [{"label": "GST", "rate": "7", "compound": False}],
                        [{"label": "GST", "rate": "9", "compound": False}],
                    ),
                    "name": ("Old", None),
                },
                remote_id=2813,
                fingerprint="sha256:0011223344556677",
            ),
            change(
                "product",
                "Lamp",
                Action.RESTORE,
                {"status": ("archived", "disabled"), "tags": (["a"], ["a", "b"])},
                remote_id=105,
                fingerprint=STAMP,
            ),
            change("price_list", "Old", Action.ARCHIVE, remote_id=8, fingerprint=LATER),
            change(
                "price_list", "Builtin-ish", Action.UPDATE, {"name": ("a", "b")}, remote_id="retail"
            ),
        ),
        estimate=Estimate(
            requests=6, seconds=1.5, rate_limit=300, window_seconds=300, api_share=0.5
        ),
        created_at=NOW,
        expires_at=NOW + timedelta(hours=24),
        config_hash="sha256:0123456789abcdef",
        config_path="catalogue/",
        api_url="https://api.tradegecko.com",
        warnings=("not archiving 2 variants: the read of variants was incomplete",),
    )


def test_json_round_trip_keeps_everything() -> None:
    plan = full_plan()
    again = Plan.model_validate_json(plan.model_dump_json())
    assert again == plan
    assert again.changes[3].remote_id == 2813
    assert again.changes[6].remote_id == "retail"
    assert again.changes[2].depends_on == plan.changes[2].depends_on
    assert again.expires_at == NOW + timedelta(hours=24)


def test_json_is_versioned_and_summarised() -> None:
    data = json.loads(full_plan().model_dump_json())
    assert data["format_version"] == FORMAT_VERSION == "1"
    assert data["summary"] == {"create": 3, "update": 2, "restore": 1, "archive": 1}
    assert data["changes"][2]["fields"]["prices.vip"] == {"before": None, "after": "20"}
    assert data["changes"][0]["action"] == "create"


def test_the_json_mode_dump_round_trips_too() -> None:
    plan = full_plan()
    assert Plan.model_validate(plan.model_dump(mode="json")) == plan


def test_an_empty_plan_has_no_changes() -> None:
    plan = Plan()
    assert not plan.has_changes
    assert plan.summary == {"create": 0, "update": 0, "restore": 0, "archive": 0}
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_another_format_version_is_refused() -> None:
    data = json.loads(full_plan().model_dump_json())
    data["format_version"] = "2"
    with pytest.raises(ValidationError, match="format_version"):
        Plan.model_validate(data)


def test_by_address() -> None:
    plan = full_plan()
    assert plan.by_address()['variant["DEMO-1"]'].parent == 'product["Gobstopper"]'
