"""A match before it is stored: the hard filters and the optimal assignment (rules, match), staff
decisions honoured (rejected pairs never, pinned pairs kept, open proposals moved only for a
mentor no further than the next best), and what each outcome traded away (tradeoffs). Pure: the
services read the rows and store the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from canteen.mentoring import match, rules, tradeoffs


@dataclass
class Plan:
    """Who is proposed to whom, and why the rest got no one."""

    projects: list[dict[str, Any]]
    mentors: list[dict[str, Any]]
    infos_p: list[rules.ProjectInfo]
    infos_m: list[rules.MentorInfo]
    fit: np.ndarray
    mentor_of: np.ndarray
    pinned: dict[int, int]
    outcome: tradeoffs.Outcome

    @property
    def total(self) -> int:
        return int(sum(int(self.fit[p, m]) for p, m in enumerate(self.mentor_of) if m >= 0))

    def _named(self, missed: list[dict[str, object]]) -> list[dict[str, object]]:
        """Near misses with the mentor canteen's name and city (as they were at the run)."""
        named = []
        for item in missed:
            row = self.mentors[int(str(item["mentor"]))]
            named.append(
                {
                    **item,
                    "mentor": row["id"],
                    "name": row.get("canteen_name", ""),
                    "city": row.get("city", ""),
                }
            )
        return named

    def details(self, p: int) -> dict[str, object]:
        """What explains the proposal of project p: the parts of the fit, and what it traded."""
        m = int(self.mentor_of[p])
        traded = tradeoffs.traded_away(self.infos_p[p], p, m, self.outcome)
        return {
            **rules.explain(self.infos_p[p], self.infos_m[m]),
            "far": traded["far"],
            "country": self.infos_m[m].country,
            "nearby_km": round(self.outcome.limits.nearby_km),
            "closer": self._named(list(traded["closer"])),  # type: ignore[call-overload]
        }

    def unmatched(self) -> list[dict[str, Any]]:
        """The projects with no mentor: why, and their nearest near misses."""
        if not self.infos_p or not self.infos_m:
            return [
                {"project": row["id"], "reason": "no_mentor", "near": []}
                for p, row in enumerate(self.projects)
                if self.mentor_of[p] < 0
            ]
        _shared, speaks_main = rules.language_matrices(self.infos_p, self.infos_m)
        found = []
        for p, row in enumerate(self.projects):
            if self.mentor_of[p] >= 0:
                continue
            km = rules.distances_km([self.infos_p[p]], self.infos_m)[0]
            reason = rules.unmatched_reason(
                speaks_main[p],
                km <= self.outcome.limits.max_km,
                self.outcome.free_before,
                {m for (pp, m) in self.outcome.rejected if pp == p},
            )
            near = tradeoffs.near_misses(self.infos_p[p], p, self.outcome)
            found.append(
                {
                    "project": row["id"],
                    "reason": reason,
                    "max_km": round(self.outcome.limits.max_km),
                    "near": self._named(near),
                }
            )
        return found


def plan(
    projects: list[dict],
    mentors: list[dict],
    loads: dict[int, int],
    decisions: list[dict],
    moment: datetime,
    limits: rules.Limits,
    open_pairs: dict[int, int] | None = None,
) -> Plan:
    """Rejected pairs left out, pinned pairs kept, open proposals (`open_pairs`, project id →
    mentor id) kept unless clearly bettered by a mentor no further than the project's next
    best; the rest the assignment with the largest total fit (match.solve, proven optimal)."""
    p_index = {row["id"]: i for i, row in enumerate(projects)}
    m_index = {row["id"]: j for j, row in enumerate(mentors)}
    infos_p = [rules.project_info(row) for row in projects]
    infos_m = [rules.mentor_info(row, loads.get(row["id"], 0), moment) for row in mentors]
    free = [rules.free_places(row["capacity"], loads.get(row["id"], 0)) for row in mentors]
    pairs = {
        kind: [
            (p_index[d["project"]], m_index[d["mentor"]])
            for d in decisions
            if d["kind"] == kind and d["project"] in p_index and d["mentor"] in m_index
        ]
        for kind in ("rejected", "pinned")
    }
    forbidden = set(pairs["rejected"])
    fit = rules.fit_matrix(infos_p, infos_m, forbidden, limits)
    left = list(free)
    pinned = rules.first_pins(pairs["pinned"], fit, left)
    rest = fit.copy()
    rest[list(pinned), :] = 0
    keep = {
        p_index[p]: m_index[m]
        for p, m in (open_pairs or {}).items()
        if p in p_index and m in m_index and p_index[p] not in pinned
    }
    if keep:
        km = rules.distances_km([infos_p[p] for p in keep], infos_m)
        rules.keep_open_proposals(rest, km, keep)
    mentor_of = match.solve(rest, left).mentor_of.copy()
    for p, m in pinned.items():
        mentor_of[p] = m
    taken = np.bincount(mentor_of[mentor_of >= 0], minlength=len(mentors))
    after = [free[m] - int(taken[m]) for m in range(len(mentors))]
    outcome = tradeoffs.Outcome(infos_m, free, after, forbidden, limits)
    return Plan(projects, mentors, infos_p, infos_m, fit, mentor_of, pinned, outcome)
