"""Plans built from plain Change objects, from a handful of changes to pathological sizes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from reconciler.engine.plan import (
    ROUTINE_REASONS,
    Account,
    Action,
    Change,
    Estimate,
    FieldChange,
    Plan,
)

CREATED = ROUTINE_REASONS[Action.CREATE]
DIFFERS = ROUTINE_REASONS[Action.UPDATE]
HOSTILE = "Evil | <script>alert(1)</script> *bold* [link](http://x) `tick` @team ~~gone~~"


def address(kind: str, key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'{kind}["{escaped}"]'


def change(
    kind: str, key: str, action: Action, reason: str = "", **fields: tuple[object, object]
) -> Change:
    return Change(
        address=address(kind, key),
        kind=kind,
        key=key,
        action=action,
        reason=reason,
        fields={
            name.replace("__", "."): FieldChange(before=b, after=a)
            for name, (b, a) in fields.items()
        },
    )


def price_update(sku: str, before: str, after: str, field: str = "prices__retail") -> Change:
    return change("variant", sku, Action.UPDATE, DIFFERS, **{field: (before, after)})


def archive(kind: str, key: str, parent: str | None = None, name: str | None = None) -> Change:
    """An archive as the engine plans it; ``parent`` is the key of the product it belongs to."""
    reason = f"not declared; archive_missing includes {kind}s"
    return change(kind, key, Action.ARCHIVE, reason).model_copy(
        update={"parent": parent and address("product", parent), "name": name}
    )


def estimate_for(requests: int) -> Estimate:
    return Estimate(requests=requests, seconds=requests * 1.25, api_share=0.8)


def small_plan() -> Plan:
    """Ten changes covering every action and kind."""
    return Plan(
        changes=(*_settings_changes(), *_catalogue_changes()),
        estimate=Estimate(requests=16, seconds=0.8, api_share=0.8),
        created_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        expires_at=datetime(2024, 5, 1, 13, 0, tzinfo=UTC),
        config_hash="sha256:0123456789abcdef",
        config_path="catalogue",
        api_url="https://api.tradegecko.com",
        account=Account(id=7067, name="Gecko Inc."),
    )


def _settings_changes() -> tuple[Change, ...]:
    location = {"label": (None, "Main Warehouse"), "city": (None, "Singapore")}
    return (
        change("location", "Main Warehouse", Action.CREATE, CREATED, **location,
               holds_stock=(None, True)),
        change("payment_term", "NET30", Action.UPDATE, DIFFERS, due_in_days=(14, 30)),
        change("price_list", "vip", Action.CREATE, CREATED, code=(None, "VIP"),
               currency=(None, "SGD")),
    )  # fmt: skip


def _catalogue_changes() -> tuple[Change, ...]:
    tags = (["candy"], ["candy", "summer"])
    return (
        change("product", "Everlasting Gobstopper", Action.UPDATE, DIFFERS, tags=tags,
               description=("Old.", "Never runs out.")),
        change("product", "Fizzy Lifting Drink", Action.RESTORE, ROUTINE_REASONS[Action.RESTORE],
               status=("archived", "active")),
        price_update("DEMO-GOBS-PEA", "22", "22.5"),
        price_update("DEMO-GOBS-APL", "10", "30"),
        change("variant", "DEMO-GOBS-GRP", Action.UPDATE, DIFFERS, prices__VIP=("20", "21"),
               name=("Grape", "Grape!")),
        archive("variant", "DEMO-OLD-1", "Everlasting Gobstopper", "Lemon"),
        archive("variant", "DEMO-OLD-2", "Everlasting Gobstopper", "Cherry"),
    )  # fmt: skip


def percent_for(index: int) -> Decimal:
    """A spread of 211 moves from -9% to +12%, with every 97th at +75%."""
    if index % 97 == 0:
        return Decimal(75)
    return Decimal((index * 37) % 211 - 90) / 10


def large_plan(updates: int = 10_000, archives: int = 25) -> Plan:
    changes: list[Change] = []
    for index in range(updates):
        before = Decimal(10 + index % 50)
        after = before * (100 + percent_for(index)) / 100
        changes.append(price_update(f"SKU-{index:06d}", str(before), f"{after.normalize():f}"))
    changes += [archive("variant", f"OLD-{index:05d}") for index in range(archives)]
    return Plan(changes=tuple(changes), estimate=estimate_for(len(changes)))


def pathological_plan(count: int = 50_000) -> Plan:
    """Long hostile names, mixed actions and field sets: nothing here may break the size bound."""
    changes: list[Change] = []
    for index in range(count):
        key = f"{HOSTILE} {index} " + "x" * 300
        if index % 5 == 0:
            changes.append(archive("product", key))
        elif index % 5 == 1:
            changes.append(
                change(
                    "product",
                    key,
                    Action.CREATE,
                    "not in the account",
                    name=(None, key),
                    description=(None, "y" * 2000),
                )
            )
        else:
            fields = {f"prices__L{index % 40}": ("1", str(index)), "name": (key, key + "!")}
            changes.append(change("variant", key, Action.UPDATE, HOSTILE, **fields))
    warnings = tuple(f"{HOSTILE} warning {n}" for n in range(3))
    return Plan(changes=tuple(changes), estimate=estimate_for(count), warnings=warnings)
