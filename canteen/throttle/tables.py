"""Counters of attempts, in the database so that limits hold across workers and restarts."""

from piccolo.columns import BigInt, Integer, Serial, Varchar
from piccolo.table import Table


class Throttle(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    name = Varchar(length=200, unique=True)
    window_start = BigInt(default=0)  # epoch seconds
    attempts = Integer(default=0)
    locked_until = BigInt(default=0)  # epoch seconds; 0 = not locked
