"""Times the peer-mentor match on a network-sized instance: 2,000 projects × 1,500 mentors.

Prints the seconds (fit matrix + optimal assignment), the peak memory of the match
(tracemalloc, in a second run so that tracing does not slow the timed one), the total fit, and
the total fit of a greedy nearest-mentor baseline. The last line is one JSON object.

    .venv/bin/python bench/mentor_match.py [--projects 2000] [--mentors 1500] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import tracemalloc

import numpy as np

from canteen.mentoring.match import greedy_nearest, solve
from canteen.mentoring.rules import MentorInfo, ProjectInfo, distances_km, fit_matrix

# Where canteens and projects are: around real cities (latitude, longitude, languages spoken).
REGIONS = [
    (45.76, 4.84, ("fr", "ar", "en")),  # Lyon
    (48.86, 2.35, ("fr", "ar", "en")),  # Paris
    (50.63, 3.06, ("fr", "nl", "en")),  # Lille
    (50.85, 4.35, ("fr", "nl", "ar")),  # Brussels
    (43.30, 5.37, ("fr", "ar")),  # Marseille
    (45.50, -73.57, ("fr", "en", "es")),  # Montréal
    (12.64, -8.00, ("fr", "en")),  # Bamako
    (-12.05, -77.04, ("es", "en")),  # Lima
    (52.37, 4.90, ("nl", "en", "ar")),  # Amsterdam
    (40.42, -3.70, ("es", "ar", "en")),  # Madrid
]
PREMISES = (
    "community_centre",
    "church_hall",
    "school",
    "social_housing",
    "restaurant",
    "own_place",
)


def _place(rng: np.random.Generator) -> tuple[float, float, tuple[str, ...]]:
    lat, lon, spoken = REGIONS[int(rng.integers(len(REGIONS)))]
    return lat + rng.normal(0, 1.2), lon + rng.normal(0, 1.6), spoken


def _languages(rng: np.random.Generator, spoken: tuple[str, ...], most: int) -> tuple[str, ...]:
    count = int(rng.integers(1, most + 1))
    chosen = [spoken[0] if rng.random() < 0.75 else spoken[int(rng.integers(len(spoken)))]]
    for code in rng.permutation(spoken):
        if len(chosen) < count and code not in chosen:
            chosen.append(str(code))
    return tuple(chosen)


def instance(projects: int, mentors: int, seed: int) -> tuple[list[ProjectInfo], list[MentorInfo]]:
    rng = np.random.default_rng(seed)
    p_list, m_list = [], []
    for i in range(projects):
        lat, lon, spoken = _place(rng)
        p_list.append(
            ProjectInfo(
                id=i,
                latitude=lat,
                longitude=lon,
                languages=_languages(rng, spoken, 2),
                premises=PREMISES[int(rng.integers(len(PREMISES)))],
                area="urban" if rng.random() < 0.7 else "rural",
                model="cook_together" if rng.random() < 0.6 else "served",
                covers=int(rng.integers(12, 90)),
            )
        )
    for j in range(mentors):
        lat, lon, spoken = _place(rng)
        capacity = int(rng.integers(1, 4))
        m_list.append(
            MentorInfo(
                id=j,
                latitude=lat,
                longitude=lon,
                languages=_languages(rng, spoken, 3),
                premises=PREMISES[int(rng.integers(len(PREMISES)))],
                area="urban" if rng.random() < 0.7 else "rural",
                model="cook_together" if rng.random() < 0.6 else "served",
                covers=int(rng.integers(15, 120)),
                months_running=int(rng.integers(3, 120)),
                capacity=capacity,
                load=int(rng.integers(0, capacity)),
            )
        )
    return p_list, m_list


def run_match(projects: list[ProjectInfo], mentors: list[MentorInfo]):  # type: ignore[no-untyped-def]
    fit = fit_matrix(projects, mentors)
    free = [m.capacity - m.load for m in mentors]
    return fit, solve(fit, free)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    projects, mentors = instance(args.projects, args.mentors, args.seed)
    run_match(projects[:50], mentors[:50])  # warm up imports and caches

    started, cpu_started = time.perf_counter(), time.process_time()
    fit, result = run_match(projects, mentors)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    tracemalloc.start()
    run_match(projects, mentors)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1024 / 1024

    free = [m.capacity - m.load for m in mentors]
    greedy = greedy_nearest(fit, distances_km(projects, mentors), free)
    matched = int((result.mentor_of >= 0).sum())
    greedy_matched = int((greedy.mentor_of >= 0).sum())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"instance      {args.projects} projects × {args.mentors} mentors, {sum(free)} free places"
    )
    print(f"allowed pairs {result.checked_pairs:,} (main language, within max km)")
    print(f"candidates    {result.candidate_pairs:,} pairs after {result.rounds} round(s)")
    print(
        f"seconds       {seconds:.3f} wall, {cpu_seconds:.3f} CPU (fit matrix + assignment + proof)"
    )
    print(f"load average  {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring")
    print(
        f"peak memory   {peak_mb:.1f} MB traced during the match (process max RSS {rss_mb:.0f} MB)"
    )
    print(f"total fit     {result.total:,} ({matched} projects matched, nearby +10,000)")
    print(f"greedy fit    {greedy.total:,} ({greedy_matched} matched, nearest free mentor)")
    gain = 100 * (result.total - greedy.total) / max(1, greedy.total)
    print(f"gain          {gain:+.1f}% over greedy")
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "peak_mb": round(peak_mb, 1),
                "fit": result.total,
                "greedy_fit": greedy.total,
            }
        )
    )


if __name__ == "__main__":
    main()
