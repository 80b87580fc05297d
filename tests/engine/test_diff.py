"""Field-level differences: managed fields only, minus ignored ones, equal by value."""

from __future__ import annotations

from reconciler.engine.diff import diff_fields, managed_fields
from reconciler.engine.plan import FieldChange
from tests.engine.helpers import desired, remote

REMOTE_FIELDS = {
    "sku": "A-1",
    "name": "Peach",
    "description": "Soft",
    "prices.retail": "22",
    "prices.wholesale": "12",
    "prices.vip": "20",
}


def test_no_diff_when_equal() -> None:
    declared = desired("variant", "A-1", {"sku": "A-1", "name": "Peach", "prices.retail": "22"})
    assert diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS)) == {}


def test_only_managed_fields_are_compared() -> None:
    declared = desired("variant", "A-1", {"sku": "A-1", "prices.retail": "23"})
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert changes == {"prices.retail": FieldChange(before="22", after="23")}


def test_a_managed_field_missing_remotely_is_a_change_from_none() -> None:
    declared = desired("variant", "A-1", {"sku": "A-1", "prices.staff": "5"})
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert changes == {"prices.staff": FieldChange(before=None, after="5")}


def test_a_field_written_as_null_clears_the_remote_value() -> None:
    declared = desired("variant", "A-1", {"sku": "A-1", "description": None})
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert changes == {"description": FieldChange(before="Soft", after=None)}


def test_ignored_fields_are_not_compared() -> None:
    declared = desired(
        "variant", "A-1", {"sku": "A-1", "name": "Plum", "description": "Hard"}, ignore={"name"}
    )
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert set(changes) == {"description"}


def test_one_ignored_price() -> None:
    fields = {"sku": "A-1", "prices.retail": "30", "prices.wholesale": "15"}
    declared = desired("variant", "A-1", fields, ignore={"prices.wholesale"})
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert set(changes) == {"prices.retail"}
    assert "prices.wholesale" not in managed_fields(declared)


def test_ignoring_prices_ignores_every_price() -> None:
    fields = {"sku": "A-1", "name": "Plum", "prices.retail": "30", "prices.vip": "1"}
    declared = desired("variant", "A-1", fields, ignore={"prices"})
    changes = diff_fields(declared, remote("variant", 1, "A-1", REMOTE_FIELDS))
    assert set(changes) == {"name"}
    assert managed_fields(declared) == {"sku": "A-1", "name": "Plum"}


def test_ignoring_a_prefix_does_not_ignore_a_longer_name() -> None:
    declared = desired("product", "P", {"name": "P", "opt1": "Size"}, ignore={"opt"})
    assert managed_fields(declared) == {"name": "P", "opt1": "Size"}


def test_list_fields_compare_as_normalised_lists() -> None:
    declared = desired("product", "P", {"name": "P", "tags": ["candy", "summer"]})
    same = remote("product", 1, "P", {"name": "P", "tags": ["candy", "summer"]})
    other = remote("product", 1, "P", {"name": "P", "tags": ["candy"]})
    assert diff_fields(declared, same) == {}
    assert diff_fields(declared, other) == {
        "tags": FieldChange(before=["candy"], after=["candy", "summer"])
    }
