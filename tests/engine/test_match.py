"""Pairing declarations with remote records: keys, renamed_from, SKUs, ambiguity, archived."""

from __future__ import annotations

from reconciler.engine.match import sku_owners
from tests.engine.helpers import LATER, STAMP, desired, match, remote


def pairs(matching) -> dict[str, int | str | None]:
    return {
        m.desired.key: (m.remote.id if m.remote is not None else None) for m in matching.matches
    }


def test_matches_by_key() -> None:
    matching = match(
        "location",
        [desired("location", "Main"), desired("location", "Annex")],
        [
            remote("location", 1, "Annex"),
            remote("location", 2, "Main"),
            remote("location", 3, "Old"),
        ],
    )
    assert pairs(matching) == {"Main": 2, "Annex": 1}
    assert [m.via for m in matching.matches] == ["key", "key"]
    assert [r.id for r in matching.unmatched] == [3]
    assert matching.problems == ()


def test_keys_match_after_trimming() -> None:
    matching = match("location", [desired("location", "Main ")], [remote("location", 1, " Main")])
    assert pairs(matching) == {"Main ": 1}


def test_keys_are_case_sensitive_for_products() -> None:
    matching = match(
        "product", [desired("product", "Gobstopper")], [remote("product", 1, "gobstopper")]
    )
    assert pairs(matching) == {"Gobstopper": None}


def test_price_list_codes_match_case_insensitively() -> None:
    matching = match("price_list", [desired("price_list", "VIP")], [remote("price_list", 7, "vip")])
    assert pairs(matching) == {"VIP": 7}


def test_unmatched_declaration_has_no_remote() -> None:
    matching = match("payment_term", [desired("payment_term", "NET30")], [])
    assert matching.matches[0].remote is None
    assert matching.matches[0].via == ""


def test_matches_by_renamed_from() -> None:
    matching = match(
        "product",
        [desired("product", "Everlasting Gobstopper", renamed_from="Gobstopper")],
        [remote("product", 1, "Gobstopper")],
    )
    assert pairs(matching) == {"Everlasting Gobstopper": 1}
    assert matching.matches[0].via == "renamed_from"
    assert matching.unmatched == ()


def test_key_wins_over_renamed_from() -> None:
    matching = match(
        "product",
        [desired("product", "New", renamed_from="Old")],
        [remote("product", 1, "Old"), remote("product", 2, "New")],
    )
    assert pairs(matching) == {"New": 2}
    assert [r.id for r in matching.unmatched] == [1]


def test_renamed_price_list_matches_case_insensitively() -> None:
    matching = match(
        "price_list",
        [desired("price_list", "GOLD", renamed_from="vip")],
        [remote("price_list", 7, "VIP")],
    )
    assert pairs(matching) == {"GOLD": 7}


def test_products_match_through_their_skus() -> None:
    variants = [
        remote("variant", 10, "G-1", parent_id=1),
        remote("variant", 11, "G-2", parent_id=1),
        remote("variant", 12, "L-1", parent_id=2),
    ]
    owners = sku_owners(variants, {"Everlasting Gobstopper": ["G-1", "G-2"]})
    matching = match(
        "product",
        [desired("product", "Everlasting Gobstopper")],
        [remote("product", 1, "Gobstopper"), remote("product", 2, "Lamp")],
        owners,
    )
    assert pairs(matching) == {"Everlasting Gobstopper": 1}
    assert matching.matches[0].via == "sku"
    assert [r.id for r in matching.unmatched] == [2]


def test_sku_owners_ignore_archived_variants() -> None:
    variants = [
        remote("variant", 10, "G-1", parent_id=1, status="archived"),
        remote("variant", 11, "G-1", parent_id=2),
    ]
    owners = sku_owners(variants, {"Gobstopper": ["G-1"]})
    assert owners(desired("product", "Gobstopper")) == {2}


def test_sku_owners_of_a_product_without_skus_is_empty() -> None:
    owners = sku_owners([remote("variant", 10, "G-1", parent_id=1)], {})
    assert owners(desired("product", "Gobstopper")) == set()


def test_skus_split_across_two_products_are_ambiguous() -> None:
    variants = [
        remote("variant", 10, "G-1", parent_id=1),
        remote("variant", 11, "G-2", parent_id=2),
    ]
    owners = sku_owners(variants, {"Gobstopper": ["G-1", "G-2"]})
    matching = match(
        "product",
        [desired("product", "Gobstopper")],
        [remote("product", 1, "A"), remote("product", 2, "B")],
        owners,
    )
    assert pairs(matching) == {"Gobstopper": None}
    assert len(matching.problems) == 1
    assert 'product["Gobstopper"]' in matching.problems[0]
    assert "1" in matching.problems[0] and "2" in matching.problems[0]


def test_ambiguous_sku_is_a_problem_naming_both_ids() -> None:
    matching = match(
        "variant",
        [desired("variant", "TS-001-11")],
        [remote("variant", 64, "TS-001-11"), remote("variant", 20, "TS-001-11")],
    )
    assert pairs(matching) == {"TS-001-11": None}
    (problem,) = matching.problems
    assert 'variant["TS-001-11"]' in problem
    assert "64" in problem
    assert "20" in problem
    assert "2 active records" in problem


def test_an_archived_duplicate_of_a_sku_is_not_ambiguous() -> None:
    matching = match(
        "variant",
        [desired("variant", "TS-001-11")],
        [remote("variant", 64, "TS-001-11", status="archived"), remote("variant", 20, "TS-001-11")],
    )
    assert pairs(matching) == {"TS-001-11": 20}
    assert matching.problems == ()


def test_an_archived_record_is_matched_when_no_active_one_exists() -> None:
    matching = match(
        "payment_term",
        [desired("payment_term", "NET30")],
        [remote("payment_term", 5, "NET30", status="archived")],
    )
    assert pairs(matching) == {"NET30": 5}
    assert matching.matches[0].remote is not None
    assert matching.matches[0].remote.archived


def test_the_newest_archived_record_is_matched() -> None:
    matching = match(
        "payment_term",
        [desired("payment_term", "NET30")],
        [
            remote("payment_term", 5, "NET30", status="archived", fingerprint=LATER),
            remote("payment_term", 6, "NET30", status="archived", fingerprint=STAMP),
        ],
    )
    assert pairs(matching) == {"NET30": 5}


def test_without_updated_at_the_newest_archived_record_is_the_latest_created() -> None:
    hashes = ("sha256:ffffffffffffffff", "sha256:0000000000000000")
    matching = match(
        "payment_term",
        [desired("payment_term", "NET30")],
        [
            remote("payment_term", 5, "NET30", status="archived", fingerprint=hashes[0]),
            remote("payment_term", 12, "NET30", status="archived", fingerprint=hashes[1]),
        ],
    )
    assert pairs(matching) == {"NET30": 12}


def test_two_declarations_claiming_one_record_is_a_problem() -> None:
    matching = match(
        "product",
        [
            desired("product", "Gobstopper"),
            desired("product", "Everlasting", renamed_from="Gobstopper"),
        ],
        [remote("product", 1, "Gobstopper")],
    )
    assert pairs(matching) == {"Gobstopper": 1, "Everlasting": None}
    (problem,) = matching.problems
    assert 'product["Everlasting"]' in problem
    assert 'product["Gobstopper"]' in problem
    assert "id 1" in problem


def test_a_product_claimed_by_key_is_not_matched_again_through_skus() -> None:
    variants = [remote("variant", 10, "G-1", parent_id=1)]
    owners = sku_owners(variants, {"Renamed": ["G-1"]})
    matching = match(
        "product",
        [desired("product", "Gobstopper"), desired("product", "Renamed")],
        [remote("product", 1, "Gobstopper")],
        owners,
    )
    assert pairs(matching) == {"Gobstopper": 1, "Renamed": None}
    # The record is the other declaration's by key; the variants' parent check reports the move.
    assert matching.problems == ()


def test_sku_matching_skips_claimed_records_and_takes_the_remaining_owner() -> None:
    variants = [
        remote("variant", 10, "G-1", parent_id=1),
        remote("variant", 11, "G-2", parent_id=2),
    ]
    owners = sku_owners(variants, {"Renamed": ["G-1", "G-2"]})
    matching = match(
        "product",
        [desired("product", "Gobstopper"), desired("product", "Renamed")],
        [remote("product", 1, "Gobstopper"), remote("product", 2, "Old")],
        owners,
    )
    assert pairs(matching) == {"Gobstopper": 1, "Renamed": 2}
    assert matching.problems == ()


def test_keyless_remote_records_are_unmatched() -> None:
    matching = match("variant", [desired("variant", "A-1")], [remote("variant", 1, None)])
    assert pairs(matching) == {"A-1": None}
    assert [r.id for r in matching.unmatched] == [1]


def test_string_and_integer_ids_do_not_collide_with_keys() -> None:
    matching = match(
        "price_list",
        [desired("price_list", "VIP")],
        [remote("price_list", "retail", "retail", builtin=True), remote("price_list", 7, "VIP")],
    )
    assert pairs(matching) == {"VIP": 7}
    assert [r.id for r in matching.unmatched] == ["retail"]
