"""Loading and editing reference geography."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.geo.locate import reset_index
from lofte.geo.models import County, Municipality, PoliceArea, PoliceDistrict, PoliceRegion

DATA_DIR = Path(__file__).resolve().parent / "data"

COUNTY_NAMES = {
    "01": "Stockholms län", "03": "Uppsala län", "04": "Södermanlands län",
    "05": "Östergötlands län", "06": "Jönköpings län", "07": "Kronobergs län",
    "08": "Kalmar län", "09": "Gotlands län", "10": "Blekinge län", "12": "Skåne län",
    "13": "Hallands län", "14": "Västra Götalands län", "17": "Värmlands län",
    "18": "Örebro län", "19": "Västmanlands län", "20": "Dalarnas län",
    "21": "Gävleborgs län", "22": "Västernorrlands län", "23": "Jämtlands län",
    "24": "Västerbottens län", "25": "Norrbottens län",
}
# The seven polisregioner since 2015 and their län (Brå, 2015-02-12).
POLICE_REGIONS = {
    "Nord": ["23", "25", "24", "22"],
    "Mitt": ["21", "03", "19"],
    "Stockholm": ["01", "09"],
    "Öst": ["06", "04", "05"],
    "Väst": ["13", "14"],
    "Syd": ["08", "10", "07", "12"],
    "Bergslagen": ["20", "17", "18"],
}


@dataclass(frozen=True)
class GeographyLoadResult:
    counties: int
    municipalities: int
    police_regions: int
    police_areas: int


def _bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    from shapely.geometry import shape

    min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
    return min_lat, min_lon, max_lat, max_lon


@transaction.atomic
def load_reference_geography(data_dir: Path = DATA_DIR) -> GeographyLoadResult:
    """Create or update the 21 län, 290 kommuner, 7 police regions and the seeded LPOs.

    Idempotent: running it again changes nothing that is already right. LPO memberships that
    an administrator added are kept (the seed only adds).
    """
    regions = json.loads((data_dir / "regions.geojson").read_text(encoding="utf-8"))
    counties: dict[str, County] = {}
    for feature in regions["features"]:
        code = f"{int(feature['properties']['l_id']):02d}"
        county, _ = County.objects.update_or_create(
            code=code, defaults={"name": COUNTY_NAMES[code], "geometry": feature["geometry"]}
        )
        counties[code] = county

    municipalities = json.loads((data_dir / "municipalities.geojson").read_text(encoding="utf-8"))
    for feature in municipalities["features"]:
        props = feature["properties"]
        min_lat, min_lon, max_lat, max_lon = _bounds(feature["geometry"])
        centre_lat, centre_lon = props["geo_point_2d"]
        Municipality.objects.update_or_create(
            code=props["id"],
            defaults={
                "name": props["kom_namn"],
                "county": counties[props["lan_code"]],
                "centre_lat": centre_lat,
                "centre_lon": centre_lon,
                "min_lat": min_lat,
                "min_lon": min_lon,
                "max_lat": max_lat,
                "max_lon": max_lon,
                "geometry": feature["geometry"],
            },
        )

    for region_name, county_codes in POLICE_REGIONS.items():
        region, _ = PoliceRegion.objects.get_or_create(name=region_name)
        region.counties.add(*[counties[c] for c in county_codes])

    with (data_dir / "police_areas.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            region = PoliceRegion.objects.get(name=row["polisregion"])
            district = None
            if row["polisomrade"]:
                district, _ = PoliceDistrict.objects.get_or_create(
                    name=row["polisomrade"], defaults={"region": region}
                )
            area, _created = PoliceArea.objects.get_or_create(
                name=row["lokalpolisomrade"],
                defaults={"region": region, "district": district, "source": row["source"][:500]},
            )
            area.municipalities.add(Municipality.objects.get(code=row["kommunkod"]))
    reset_index()
    result = GeographyLoadResult(
        counties=County.objects.count(),
        municipalities=Municipality.objects.count(),
        police_regions=PoliceRegion.objects.count(),
        police_areas=PoliceArea.objects.count(),
    )
    audit.record(
        None,
        AuditAction.UPDATE,
        object_type="geo.reference",
        object_repr="Referensgeografi",
        note=f"{result.municipalities} kommuner, {result.police_areas} lokalpolisområden",
    )
    return result
