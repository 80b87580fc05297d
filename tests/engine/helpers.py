"""Small builders of the engine's plain values: declarations, remote records, API records, plans.

Everything here is data: no client, no HTTP. API records copy the shapes of the recorded
responses in ``api-fixtures/`` (money as strings, tags as one comma string, booleans that may be
strings, price list ids as strings in ``variant_prices``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from reconciler.config.document import Catalogue, CatalogueHeader
from reconciler.engine.fetch import RawKind, RawState
from reconciler.engine.match import Matching, OwnerLookup, match_kind, sku_owners
from reconciler.engine.plan import Action, Change, FieldChange
from reconciler.engine.planner import KindComparison
from reconciler.engine.records import Desired, Remote
from reconciler.engine.refs import ReferenceIndex
from reconciler.engine.state import normalise_reference
from reconciler.kinds import kind_by_name
from reconciler.kinds.base import Fields, KindSpec

STAMP = "2024-05-01T10:00:00.000Z"
LATER = "2024-05-02T10:00:00.000Z"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

SGD_ID = 1909
USD_ID = 1910
PRIMARY_LOCATION_ID = 8409
ACCOUNT: dict[str, Any] = {
    "id": 7067, "name": "Gecko Inc.", "primary_location_id": 8409, "default_currency_id": SGD_ID
}
CURRENCIES: list[dict[str, Any]] = [
    {"id": SGD_ID, "iso": "SGD", "name": "Singapore Dollar", "rate": "1.0", "symbol": "$"},
    {"id": USD_ID, "iso": "USD", "name": "US Dollar", "rate": "0.74", "symbol": "$"},
]


def spec(kind: str) -> KindSpec:
    return kind_by_name(kind)


# --- engine values ------------------------------------------------------------------------------


def desired(
    kind: str,
    key: str,
    fields: Fields | None = None,
    *,
    create_only: Fields | None = None,
    renamed_from: str | None = None,
    protect: bool = False,
    ignore: Iterable[str] = (),
    parent: str | None = None,
    source: str | None = None,
) -> Desired:
    """A declaration; its fields default to just its key field."""
    kind_spec = spec(kind)
    return Desired(
        kind=kind,
        key=key,
        nkey=kind_spec.normalise_key(key),
        fields=fields if fields is not None else {kind_spec.key_field: key},
        create_only=create_only or {},
        renamed_from=renamed_from,
        protect=protect,
        ignore=frozenset(ignore),
        parent=parent,
        locate=lambda path: source,
    )


def remote(
    kind: str,
    remote_id: int | str,
    key: str | None,
    fields: Fields | None = None,
    *,
    status: str = "active",
    fingerprint: str = STAMP,
    builtin: bool = False,
    parent_id: int | str | None = None,
) -> Remote:
    """A remote record; its fields default to just its key field."""
    kind_spec = spec(kind)
    if fields is None:
        fields = {kind_spec.key_field: key}
    return Remote(
        kind=kind,
        id=remote_id,
        key=key,
        nkey=kind_spec.normalise_key(key) if key is not None else None,
        fields=fields,
        status=status,
        fingerprint=fingerprint,
        builtin=builtin,
        parent_id=parent_id,
    )


def match(
    kind: str,
    declared: Sequence[Desired],
    records: Iterable[Remote],
    owners: OwnerLookup | None = None,
) -> Matching:
    kind_spec = spec(kind)
    return match_kind(kind_spec.address, kind_spec.normalise_key, declared, records, owners)


def kind_comparison(
    kind: str,
    declared: Sequence[Desired] = (),
    records: Iterable[Remote] = (),
    *,
    archive: bool = False,
    complete: bool = True,
    archivable: Callable[[Remote], bool] | None = None,
    references: Callable[[Desired], Iterable[str]] | None = None,
    protected: Iterable[str] = (),
) -> KindComparison:
    """One kind matched by key and ready for the planner."""
    kind_spec = spec(kind)
    parent = spec(kind_spec.parent) if kind_spec.parent else None
    extra: dict[str, Any] = {}
    if archivable is not None:
        extra["archivable"] = archivable
    if references is not None:
        extra["references"] = references
    return KindComparison(
        spec=kind_spec,
        matching=match(kind, declared, records),
        complete=complete,
        archive=archive,
        parent_spec=parent,
        protected=frozenset(protected),
        **extra,
    )


def sku_matched(declared: Desired, record: Remote, *skus: str) -> KindComparison:
    """A product comparison where ``declared`` owns ``record`` through these SKUs."""
    variants = [remote("variant", 1000 + n, sku, parent_id=record.id) for n, sku in enumerate(skus)]
    owners = sku_owners(variants, {declared.nkey: list(skus)})
    return KindComparison(
        spec=spec("product"), matching=match("product", [declared], [record], owners)
    )


def address(kind: str, key: str) -> str:
    return spec(kind).address(key)


def change(
    kind: str,
    key: str,
    action: Action,
    fields: Mapping[str, tuple[Any, Any]] | None = None,
    *,
    remote_id: int | str | None = None,
    fingerprint: str | None = None,
    depends_on: Sequence[str] = (),
    parent: str | None = None,
) -> Change:
    """A change; ``fields`` maps a field name to its ``(before, after)``."""
    return Change(
        address=address(kind, key),
        kind=kind,
        key=key,
        action=action,
        reason="test",
        fields={name: FieldChange(before=b, after=a) for name, (b, a) in (fields or {}).items()},
        remote_id=remote_id,
        fingerprint=fingerprint,
        depends_on=tuple(depends_on),
        parent=parent,
    )


def references(*known: tuple[str, str, int | str]) -> ReferenceIndex:
    """A reference index that knows these ``(kind, key, id)``, normalised as the engine does."""
    refs = ReferenceIndex(normalise_reference)
    for kind, key, remote_id in known:
        refs.add(kind, key, remote_id)
    return refs


# --- YAML models --------------------------------------------------------------------------------


def model(kind: str, data: Mapping[str, Any]) -> BaseModel:
    """One YAML record validated by its kind's model."""
    return spec(kind).model.model_validate(dict(data))


def catalogue(**sections: Any) -> CatalogueHeader:
    """A whole configuration; ``options`` and the sections as keyword arguments."""
    return Catalogue.model_validate({"gecko_apply": 1, **sections})


def source_of(path: tuple[str | int, ...]) -> str | None:
    """A stand-in source map: the YAML path, as a position would be."""
    return "catalogue.yaml:" + "/".join(str(part) for part in path)


# --- API records (shapes of the recorded responses) ---------------------------------------------


def api_location(location_id: int, label: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": location_id,
        "label": label,
        "address1": "887 Orchard Road",
        "address2": "",
        "city": "Singapore",
        "suburb": None,
        "state": None,
        "zip_code": "238839",
        "country": "sg",
        "status": "active",
        "holds_stock": "true",
        "updated_at": STAMP,
    }
    return record | overrides


def api_payment_term(term_id: int, name: str, **overrides: Any) -> dict[str, Any]:
    record = {"id": term_id, "name": name, "due_in_days": 30, "status": "active", "from": "now"}
    return record | overrides


def api_tax_type(tax_id: int, code: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": tax_id,
        "name": "Goods and Services Tax",
        "code": code,
        "status": "active",
        "xero_online_id": None,
        "imported_from": None,
        "effective_rate": "9.0",
        "tax_component_ids": [],
    }
    return record | overrides


def api_tax_component(
    component_id: int, tax_id: int, position: int, label: str, rate: str, *, compound: Any = None
) -> dict[str, Any]:
    return {
        "id": component_id,
        "tax_type_id": tax_id,
        "position": position,
        "label": label,
        "rate": rate,
        "compound": compound,
    }


def api_price_list(list_id: int | str, code: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": list_id,
        "code": code,
        "name": code,
        "currency_id": SGD_ID,
        "currency_iso": "SGD",
        "currency_symbol": "$",
        "is_cost": False,
        "is_default": None,
        "position": 1,
        "status": "active",
        "updated_at": STAMP,
    }
    return record | overrides


def api_builtin_price_lists() -> list[dict[str, Any]]:
    names = (
        ("retail", "RETAIL", "Retail"),
        ("wholesale", "WHOLE", "Wholesale"),
        ("buy", "BUY", "Buy"),
    )
    return [
        api_price_list(
            list_id, code, name=name, is_cost=list_id == "buy", is_default=True, position=None
        )
        for list_id, code, name in names
    ]


def api_product(product_id: int, name: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": product_id,
        "created_at": "2015-02-26T09:54:05.453Z",
        "updated_at": STAMP,
        "brand": None,
        "description": "",
        "image_url": None,
        "name": name,
        "opt1": None,
        "opt2": None,
        "opt3": None,
        "product_type": None,
        "quantity": "110",
        "status": "active",
        "supplier": None,
        "tags": None,
        "vendor": None,
        "variant_ids": [],
    }
    return record | overrides


def api_variant(
    variant_id: int, product_id: int, sku: str | None, **overrides: Any
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": variant_id,
        "created_at": "2015-02-26T09:54:05.506Z",
        "updated_at": STAMP,
        "product_id": product_id,
        "buy_price": None,
        "committed_stock": "1",
        "description": None,
        "name": "Default",
        "opt1": None,
        "opt2": None,
        "opt3": None,
        "retail_price": None,
        "sku": sku,
        "status": "active",
        "stock_on_hand": "111",
        "supplier_code": None,
        "taxable": True,
        "upc": None,
        "weight": None,
        "wholesale_price": None,
        "variant_prices": [],
        "prices": {},
    }
    return record | overrides


def raw_state(
    kinds: Mapping[str, list[dict[str, Any]]],
    *,
    incomplete: Iterable[str] = (),
    companions: Mapping[str, Mapping[str, list[dict[str, Any]]]] | None = None,
    account: Mapping[str, Any] | None = None,
) -> RawState:
    """What the fetch would hand over: raw API records by kind name."""
    partial = set(incomplete)
    extra = companions or {}
    return RawState(
        kinds={
            name: RawKind(list(records), name not in partial, dict(extra.get(name, {})))
            for name, records in {"currency": CURRENCIES, **kinds}.items()
        },
        account=dict(ACCOUNT if account is None else account),
        requests=0,
    )


def api_peach(variant_prices: list[dict[str, Any]]) -> dict[str, Any]:
    """The demo's Peach variant as the API returns it (id 457 under product 104)."""
    return api_variant(
        457,
        104,
        "DEMO-GOBS-PEA",
        name="Peach",
        opt1="Peach",
        retail_price="22.0",
        wholesale_price="12.0",
        buy_price="4.5",
        taxable="true",
        weight="0.20",
        weight_unit="kg",
        variant_prices=variant_prices,
    )
