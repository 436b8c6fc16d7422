"""Published results never show groups smaller than five (PRODUCT.md, principle 1).

Figures drawn from what diners say about themselves (survey answers, "first visit?") are
protected in two steps:

1. Primary suppression: a count from 1 to 4 is hidden, and so is every figure of a breakdown whose
   base (the number of answers the shares are computed on) is under 5 — even its zeros, since
   "0 of 3 were sad" tells how the 3 answered. How many answered is itself always shown ("3
   answers: too few to show"): it says nothing of what anyone answered.
2. Complementary suppression: every published sum (a total and its parts, e.g. the answers to a
   question = the four smileys; the network = its canteens) must hide none or at least two of its
   members, otherwise the hidden one is the total minus the others. We repeat until no sum has
   exactly one hidden member, picking as the second the smallest visible member (the least loss).

A Grid holds the counts and the sums; `protect()` returns the keys to hide.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

THRESHOLD = 5


class Grid:
    """Counts by key, and the sums that will be published (total = sum of parts)."""

    def __init__(self) -> None:
        self.counts: dict[Hashable, int] = {}
        self.fixed: set[Hashable] = set()
        self.sums: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self.bases: list[tuple[Hashable, tuple[Hashable, ...]]] = []

    def cell(self, key: Hashable, count: int, *, fixed: bool = False) -> None:
        """A count; fixed ones (how many answered) are always published."""
        self.counts[key] = int(count)
        if fixed:
            self.fixed.add(key)

    def add_sum(self, total: Hashable, parts: Iterable[Hashable], *, base: bool = False) -> None:
        """total = sum(parts) is published; with base=True, parts are shares of the total."""
        members = tuple(parts)
        self.sums.append((total, members))
        if base:
            self.bases.append((total, members))

    def protect(self, threshold: int = THRESHOLD) -> set[Hashable]:
        hidden = {
            key for key, n in self.counts.items() if 0 < n < threshold and key not in self.fixed
        }
        for total, parts in self.bases:
            if self.counts.get(total, 0) < threshold:
                hidden.update(key for key in (total, *parts) if key not in self.fixed)
        changed = bool(hidden)  # nothing small: nothing to complete
        while changed:
            changed = False
            for total, parts in self.sums:
                members = (total, *parts)
                # A sum of nothing (no canteen had data) gives nothing away.
                if not parts or sum(1 for key in members if key in hidden) != 1:
                    continue
                extra = self._complement(members, hidden) - hidden
                if not extra:
                    raise ValueError(f"cannot protect {members!r}: its parts are always shown")
                hidden.update(extra)
                changed = True
        return hidden

    def _complement(self, members: tuple[Hashable, ...], hidden: set[Hashable]) -> set[Hashable]:
        """What to hide with the one hidden member: the smallest visible part, else the total."""
        total, *parts = members
        visible = [key for key in parts if key not in hidden and key not in self.fixed]
        positive = [key for key in visible if self.counts.get(key, 0) > 0]
        pool = positive or visible
        if pool:
            return {min(pool, key=lambda key: (self.counts.get(key, 0), str(key)))}
        if total not in self.fixed:
            return {total}
        raise ValueError(f"cannot protect {members!r}: every other member is always shown")


def shown(value: int, key: Hashable, hidden: set[Hashable]) -> int | None:
    """The value, or None when it must not be published."""
    return None if key in hidden else value
