"""Checks across records, made before any request: duplicate keys, renames, ignored fields.

Each check takes the validated records with their catalogue paths and returns diagnostics; a
record that failed validation is simply absent here.
"""

from __future__ import annotations

from reconciler.config.diagnostics import Diagnostic
from reconciler.config.sourcemap import SourceMap
from reconciler.config.suggest import did_you_mean, field_names
from reconciler.config.validation import Declared
from reconciler.kinds import KindSpec, child_kinds
from reconciler.kinds.price_list import BUILTIN_PRICE_LISTS, RESERVED_PRICE_LIST_CODES
from reconciler.kinds.variant import Variant


def check_records(declared: list[Declared], smap: SourceMap) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    found += _duplicate_keys(declared, smap)
    found += _reserved_codes(declared, smap)
    found += _renames(declared, smap)
    found += _ignored_fields(declared, smap)
    return found


def _label(spec: KindSpec) -> str:
    return "SKU" if spec.key_field == "sku" else spec.name.replace("_", " ")


def _duplicate_keys(declared: list[Declared], smap: SourceMap) -> list[Diagnostic]:
    first: dict[tuple[str, str], Declared] = {}
    found = []
    for item in declared:
        earlier = first.setdefault((item.spec.name, item.nkey), item)
        if earlier is item:
            continue
        where = smap.position(earlier.key_path)
        message = f"{_label(item.spec)} {item.key!r} is declared twice (first at {where})"
        if item.parent_key is not None and earlier.parent_key != item.parent_key:
            message = (
                f"SKU {item.key!r} is declared under two products: {earlier.parent_key!r} "
                f"(at {where}) and {item.parent_key!r}"
            )
        found.append(smap.diagnostic(item.key_path, message, at_value=True))
    return found


def _reserved_codes(declared: list[Declared], smap: SourceMap) -> list[Diagnostic]:
    found = []
    for item in declared:
        if (
            item.spec.name == "price_list"
            and item.key.strip().casefold() in RESERVED_PRICE_LIST_CODES
        ):
            message = (
                f"price list code {item.key!r} names a built-in list; the built-in lists "
                f"({', '.join(BUILTIN_PRICE_LISTS)}) exist in every account and are not declared"
            )
            found.append(smap.diagnostic(item.key_path, message, at_value=True))
    return found


def _renames(declared: list[Declared], smap: SourceMap) -> list[Diagnostic]:
    keys = {(item.spec.name, item.nkey): item for item in declared}
    claimed: dict[tuple[str, str], Declared] = {}
    found = []
    for item in declared:
        old = getattr(item.record, "renamed_from", None)
        if old is None:
            continue
        path = (*item.path, "renamed_from")
        old_key = (item.spec.name, item.spec.normalise_key(old))
        other = keys.get(old_key)
        earlier = claimed.setdefault(old_key, item)
        if other is item:
            message = "renamed_from names the record's own key"
        elif other is not None:
            where = smap.position(other.key_path)
            message = (
                f"renamed_from {old!r} names a record that is also declared (at {where}); "
                "rename one record at a time"
            )
        elif earlier is not item:
            where = smap.position((*earlier.path, "renamed_from"))
            message = f"two records are renamed from {old!r} (the other at {where})"
        else:
            continue
        found.append(smap.diagnostic(path, message, at_value=True))
    return found


def ignorable_fields(spec: KindSpec) -> list[str]:
    """The fields a record of ``spec`` may name in ``lifecycle.ignore_fields``."""
    fixed = {spec.key_field, "renamed_from", "lifecycle"}
    nested = {child.section for child in child_kinds(spec.name)}
    return [name for name in field_names(spec.model) if name not in fixed | nested]


def _ignored_fields(declared: list[Declared], smap: SourceMap) -> list[Diagnostic]:
    price_codes = {item.nkey for item in declared if item.spec.name == "price_list"}
    price_codes |= set(BUILTIN_PRICE_LISTS)
    found = []
    for item in declared:
        lifecycle = getattr(item.record, "lifecycle", None)
        ignored = getattr(lifecycle, "ignore_fields", ())
        names = ignorable_fields(item.spec) if ignored else []
        for index, name in enumerate(ignored):
            if name in names:
                continue
            if isinstance(item.record, Variant) and name.startswith("prices."):
                code = name.removeprefix("prices.").strip().casefold()
                written = {key.strip().casefold() for key in item.record.prices}
                if code in price_codes | written:
                    continue
                message = f"ignore_fields: {name!r} names no built-in, declared or written price"
            else:
                hint = did_you_mean(name, names)
                message = f"ignore_fields: {item.spec.name} has no field {name!r}{hint}"
            path = (*item.path, "lifecycle", "ignore_fields", index)
            found.append(smap.diagnostic(path, message, at_value=True))
    return found
