"""A day-keyed agenda: things that will happen on a given future day."""

from __future__ import annotations

from collections import defaultdict


class Agenda:
    def __init__(self):
        self._items: defaultdict[int, list] = defaultdict(list)

    def add(self, day: int, item) -> None:
        self._items[day].append(item)

    def pop(self, day: int) -> list:
        """Everything due on ``day``, in the order it was scheduled."""
        return self._items.pop(day, [])
