"""Distances on the globe: the one great-circle formula, for one pair or for arrays."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two points in degrees."""
    return float(distances_km([lat1], [lon1], [lat2], [lon2])[0, 0])


def distances_km(
    lat_a: object, lon_a: object, lat_b: object, lon_b: object
) -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    """Every distance from the points A to the points B (degrees in, km out): an |A|×|B| array."""
    pa, la = np.radians(np.asarray(lat_a, float))[:, None], np.radians(np.asarray(lon_a, float))
    pb, lb = np.radians(np.asarray(lat_b, float))[None, :], np.radians(np.asarray(lon_b, float))
    dp, dl = pb - pa, lb[None, :] - la[:, None]
    a = np.sin(dp / 2) ** 2 + np.cos(pa) * np.cos(pb) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
