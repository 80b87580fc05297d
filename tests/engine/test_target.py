"""``--target``: exact addresses and globs, with the changes they depend on."""

from __future__ import annotations

from reconciler.engine.plan import Action, Change
from reconciler.engine.target import known_addresses, select_targets, target_problems
from tests.engine.helpers import address, change, desired, remote

PRODUCT = address("product", "Gobstopper")
VIP = address("price_list", "VIP")

CHANGES: tuple[Change, ...] = (
    change("location", "Main Warehouse", Action.CREATE),
    change("price_list", "VIP", Action.CREATE),
    change("product", "Gobstopper", Action.CREATE),
    change(
        "variant",
        "DEMO-1",
        Action.CREATE,
        parent=PRODUCT,
        depends_on=(PRODUCT, VIP, address("location", "Main Warehouse")),
    ),
    change("variant", "DEMO-2", Action.CREATE, parent=PRODUCT, depends_on=(PRODUCT,)),
    change("variant", "OTHER-1", Action.UPDATE, remote_id=5),
    change("variant", 'Say "hi"', Action.UPDATE, remote_id=6),
    change("payment_term", "NET10", Action.ARCHIVE, remote_id=7),
)


def selected(*patterns: str) -> list[str]:
    return [c.address for c in select_targets(CHANGES, patterns)]


def test_no_target_keeps_every_change() -> None:
    assert select_targets(CHANGES, ()) == CHANGES


def test_an_exact_address() -> None:
    assert selected('variant["OTHER-1"]') == ['variant["OTHER-1"]']
    assert selected('payment_term["NET10"]') == ['payment_term["NET10"]']


def test_an_exact_address_with_quotes_in_its_key() -> None:
    assert selected('variant["Say \\"hi\\""]') == ['variant["Say \\"hi\\""]']


def test_brackets_are_literal() -> None:
    assert selected('variant["O"]') == []
    assert selected('variant["OTHER-"]') == []


def test_a_glob() -> None:
    assert selected('variant["OTHER-*"]', 'payment_term["NET?0"]') == [
        'variant["OTHER-1"]',
        'payment_term["NET10"]',
    ]


def test_a_glob_over_a_whole_kind() -> None:
    assert selected("payment_term*") == ['payment_term["NET10"]']


def test_an_address_matching_nothing_selects_nothing() -> None:
    assert selected('variant["NOPE"]') == []


def test_dependencies_are_pulled_in_in_plan_order() -> None:
    assert selected('variant["DEMO-1"]') == [
        'location["Main Warehouse"]',
        'price_list["vip"]',
        'product["Gobstopper"]',
        'variant["DEMO-1"]',
    ]


def test_a_glob_pulls_in_each_match_dependencies_once() -> None:
    assert selected('variant["DEMO-*"]') == [
        'location["Main Warehouse"]',
        'price_list["vip"]',
        'product["Gobstopper"]',
        'variant["DEMO-1"]',
        'variant["DEMO-2"]',
    ]


def test_a_dependency_outside_the_plan_is_ignored() -> None:
    changes = (change("variant", "A", Action.UPDATE, depends_on=('product["Gone"]',)),)
    assert [c.address for c in select_targets(changes, ['variant["A"]'])] == ['variant["A"]']


def test_price_list_targets_match_in_any_case() -> None:
    from reconciler.engine.target import address_pattern

    assert address_pattern('price_list["VIP"]').fullmatch('price_list["vip"]')
    assert not address_pattern('product["ABC"]').fullmatch('product["abc"]')


KNOWN = ['variant["DEMO-1"]', 'variant["DEMO-2"]', 'product["Gobstopper"]', 'price_list["vip"]']


def test_a_target_matching_a_known_address_is_accepted() -> None:
    assert target_problems(['variant["DEMO-*"]', "product*", 'price_list["VIP"]'], KNOWN) == []


def test_a_target_that_is_not_an_address_is_refused_with_the_nearest() -> None:
    (bad,) = target_problems(["[[["], KNOWN)
    assert "--target '[[[' is not an address" in bad
    (typo,) = target_problems(['varient["DEMO-1"]'], KNOWN)
    assert "is not an address" in typo
    assert 'nearest: variant["DEMO-1"]' in typo


def test_a_target_that_matches_nothing_is_refused_with_the_nearest() -> None:
    (problem,) = target_problems(['variant["DEMO-3"]'], KNOWN)
    assert "matches no record declared in the configuration or read from the account" in problem
    assert 'nearest: variant["DEMO-2"], variant["DEMO-1"]' in problem


def test_known_addresses_cover_both_sides() -> None:
    declared = {"variant": [desired("variant", "NEW-1")]}
    read = {"variant": [remote("variant", 3, "OLD-1")]}
    assert known_addresses(declared, read) == ['variant["NEW-1"]', 'variant["OLD-1"]']
