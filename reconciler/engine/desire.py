"""A loaded configuration as the engine takes it: the catalogue, where each record is, options."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reconciler.config import LoadedCatalogue
from reconciler.engine.safety import Thresholds
from reconciler.engine.service import Desire


def desire_from(loaded: LoadedCatalogue, path: Path) -> Desire:
    catalogue = loaded.catalogue
    thresholds = catalogue.options.thresholds

    def source_of(yaml_path: tuple[str | int, ...]) -> str | None:
        try:
            return str(loaded.source_map.position(yaml_path))
        except (KeyError, LookupError):
            return None

    return Desire(
        catalogue=catalogue,
        source_of=source_of,
        config_hash=loaded.config_hash,
        config_path=str(path),
        archive=catalogue.archive_sections(),
        thresholds=Thresholds(
            archive_percent=_percent(thresholds.archive_percent),
            update_percent=_percent(thresholds.update_percent),
            price_change_percent=_percent(thresholds.price_change_percent),
            min_records=thresholds.min_records,
        ),
    )


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
