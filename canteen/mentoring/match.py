"""The peer-mentor match: for all unmatched projects at once, the assignment to mentors that
maximises the total fit under the mentors' capacities. Pure computation (numpy, scipy); the
fit of one pair is decided in rules.py.

The problem is a maximum-weight bipartite b-matching: each project takes at most one mentor,
each mentor at most its free places, and only pairs sharing a language may be matched.

How it is solved, and why the answer is optimal
-----------------------------------------------
1. Fit of every project × mentor pair (rules.fit_matrix), vectorised: a P × M integer matrix
   (0 = not allowed: no shared language, or staff rejected the pair).
2. Candidate pairs: each project's k best mentors (k = 24). This pruning is only a starting
   point, never the final word (step 5).
3. On the candidate pairs, an exact assignment: every mentor is expanded into as many columns as
   it has free places, every project gets a private "no mentor" column, and
   `scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp) finds the minimum of
   Σ(C − fit) over full matchings of the projects, i.e. the maximum total fit (C > every fit).
4. A certificate: the b-matching LP (max Σ fit·x, Σ_m x_pm ≤ 1, Σ_p x_pm ≤ cap_m, x ≥ 0) has the
   dual min Σ u_p + Σ cap_m·v_m with u_p + v_m ≥ fit_pm, u, v ≥ 0. From the assignment we build
   duals satisfying complementary slackness (tight on matched pairs, u_p = 0 for unmatched
   projects, v_m = 0 for mentors with a free place): these are difference constraints on v,
   solved exactly by shortest paths (Bellman-Ford, integer weights) from a zero node.
5. Every allowed pair left out in step 2 is then checked against the duals. If none has
   fit_pm > u_p + v_m, the duals are feasible for the WHOLE problem, so by LP duality (the
   bipartite b-matching polytope is integral) no assignment has a larger total fit: the answer
   is optimal. Otherwise the violating pairs join the candidates and step 3 runs again; the
   candidate set only grows, so this ends, at worst with every allowed pair.

Nothing is pruned from the final answer: the only pairs never considered are those the rules
forbid (no shared language, rejected by staff, mentor with no free place).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

CANDIDATES_PER_PROJECT = 24


@dataclass
class Assignment:
    """mentor_of[p] = index of the mentor of project p, or -1; total = Σ fit of the pairs."""

    mentor_of: np.ndarray
    total: int
    rounds: int = 1
    candidate_pairs: int = 0
    checked_pairs: int = 0
    stats: dict[str, float] = field(default_factory=dict)


def _candidates(fit: np.ndarray, k: int) -> np.ndarray:
    """A P × M boolean mask: each project's k best allowed mentors."""
    projects, mentors = fit.shape
    mask = np.zeros(fit.shape, dtype=bool)
    if mentors == 0:
        return mask
    if mentors <= k:
        return fit > 0  # type: ignore[no-any-return]
    best = np.argpartition(-fit, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(projects), k)
    mask[rows, best.ravel()] = True
    mask &= fit > 0
    return mask


def _assign(fit: np.ndarray, capacity: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The best assignment using only the pairs in mask (exact, LAPJVsp on expanded slots)."""
    projects, _mentors = fit.shape
    p_idx, m_idx = np.nonzero(mask)
    mentor_of = np.full(projects, -1, dtype=np.int64)
    if len(p_idx) == 0:
        return mentor_of
    # A mentor needs no more columns than it has candidate projects.
    candidates_of = np.bincount(m_idx, minlength=len(capacity))
    slots = np.minimum(capacity, candidates_of)
    first_slot = np.concatenate([[0], np.cumsum(slots)[:-1]])
    total_slots = int(slots.sum())
    repeat = slots[m_idx]
    rows = np.repeat(p_idx, repeat)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    cols = np.repeat(first_slot[m_idx], repeat) + offsets
    ceiling = int(fit.max()) + 1
    costs = np.repeat(ceiling - fit[p_idx, m_idx], repeat)
    # Each project's own "no mentor" column, at the cost of a zero fit.
    rows = np.concatenate([rows, np.arange(projects)])
    cols = np.concatenate([cols, total_slots + np.arange(projects)])
    costs = np.concatenate([costs, np.full(projects, ceiling)])
    graph = csr_matrix(
        (costs.astype(np.float64), (rows, cols)), shape=(projects, total_slots + projects)
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    slot_owner = np.repeat(np.arange(len(capacity)), slots)
    real = col_ind < total_slots
    mentor_of[row_ind[real]] = slot_owner[col_ind[real]]
    return mentor_of


def _shortest_from(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, nodes: int, source: int
) -> np.ndarray:
    """Bellman-Ford from one node, vectorised, stopping as soon as nothing changes."""
    distance = np.full(nodes, np.inf)
    distance[source] = 0.0
    for _round in range(nodes + 1):
        reached = distance[src] + weight
        relaxed = distance.copy()
        np.minimum.at(relaxed, dst, reached)
        if np.array_equal(relaxed, distance):
            return distance
        distance = relaxed
    raise ArithmeticError("negative cycle: the assignment was not optimal on its candidates")


def _duals(
    fit: np.ndarray,
    capacity: np.ndarray,
    mask: np.ndarray,
    mentor_of: np.ndarray,
    smallest: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal LP duals (u per project, v per mentor) for an assignment optimal on mask: the
    largest mentor duals v, or the smallest ones."""
    projects, mentors = fit.shape
    zero = mentors  # the extra node whose potential is 0
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=mentors)
    p_idx, m_idx = np.nonzero(mask)
    weights = fit[p_idx, m_idx]
    own = mentor_of[p_idx]
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    wt: list[np.ndarray] = []
    # v_m >= 0 (arc m -> zero, 0) and v_m = 0 when the mentor has a free place (zero -> m, 0).
    src += [np.arange(mentors)]
    dst += [np.full(mentors, zero)]
    wt += [np.zeros(mentors)]
    free = np.flatnonzero(load < capacity)
    src += [np.full(len(free), zero)]
    dst += [free]
    wt += [np.zeros(len(free))]
    matched = np.flatnonzero(mentor_of >= 0)
    own_fit = fit[matched, mentor_of[matched]]
    # u_p = fit(p, own) - v_own >= 0  →  v_own <= fit(p, own): arc zero -> own.
    src += [np.full(len(matched), zero)]
    dst += [mentor_of[matched]]
    wt += [own_fit.astype(np.float64)]
    # Matched p, other candidate m: v_own - v_m <= fit(p, own) - fit(p, m): arc m -> own.
    other = (own >= 0) & (m_idx != own)
    src += [m_idx[other]]
    dst += [own[other]]
    wt += [(fit[p_idx[other], own[other]] - weights[other]).astype(np.float64)]
    # Unmatched p: u_p = 0, so v_m >= fit(p, m): arc m -> zero with weight -fit.
    alone = own < 0
    src += [m_idx[alone]]
    dst += [np.full(int(alone.sum()), zero)]
    wt += [-weights[alone].astype(np.float64)]
    s, d, w = np.concatenate(src), np.concatenate(dst), np.concatenate(wt)
    if smallest:
        # The smallest solution: the largest one of the reversed system, negated.
        s, d = d, s
    distance = _shortest_from(s, d, w, mentors + 1, zero)
    if smallest:
        distance = -distance
    v = distance[:mentors]
    u = np.zeros(projects)
    u[matched] = own_fit - v[mentor_of[matched]]
    return u, v


def solve(
    fit: np.ndarray, capacity: Sequence[int] | np.ndarray, k: int = CANDIDATES_PER_PROJECT
) -> Assignment:
    """The assignment of projects (rows) to mentors (columns) with the largest total fit, each
    mentor taking at most capacity[m] projects, only pairs with fit > 0 allowed. Optimal."""
    free = np.maximum(np.asarray(capacity, dtype=np.int64), 0)
    projects, mentors = fit.shape
    if projects == 0 or mentors == 0 or not (fit > 0).any():
        return Assignment(np.full(projects, -1, dtype=np.int64), 0, 0)
    fit = np.where(free[None, :] > 0, fit, 0)
    allowed = fit > 0
    mask = _candidates(fit, k)
    rounds = 0
    while True:
        rounds += 1
        mentor_of = _assign(fit, free, mask)
        u, v = _duals(fit, free, mask, mentor_of)
        slack = fit - (u[:, None] + v[None, :])
        violated = allowed & ~mask & (slack > 1e-9)
        if not violated.any():
            break
        # Each project whose certificate failed brings its k most violated pairs in.
        slack[~violated] = -np.inf
        rows = np.flatnonzero(violated.any(axis=1))
        take = min(k, fit.shape[1])
        worst = np.argpartition(-slack[rows], take - 1, axis=1)[:, :take]
        picked = np.zeros_like(mask)
        picked[np.repeat(rows, take), worst.ravel()] = True
        mask |= picked & violated
    matched = mentor_of >= 0
    total = int(fit[np.flatnonzero(matched), mentor_of[matched]].sum())
    return Assignment(mentor_of, total, rounds, int(mask.sum()), int(allowed.sum()), {})


def greedy_nearest(
    fit: np.ndarray, distance: np.ndarray, capacity: Sequence[int] | np.ndarray
) -> Assignment:
    """The baseline: each project in turn takes the nearest allowed mentor with a free place."""
    free = np.array(capacity, dtype=np.int64).copy()
    projects = fit.shape[0]
    mentor_of = np.full(projects, -1, dtype=np.int64)
    total = 0
    for p in range(projects):
        options = (fit[p] > 0) & (free > 0)
        if not options.any():
            continue
        m = int(np.argmin(np.where(options, distance[p], np.inf)))
        mentor_of[p], total = m, total + int(fit[p, m])
        free[m] -= 1
    return Assignment(mentor_of, total)
