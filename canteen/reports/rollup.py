"""Keep the rollups up to date: closed services a report needs get their row of sums.

A closed meal service accepts nothing more (every write checks the service is open, under a row
lock on PostgreSQL or BEGIN IMMEDIATE on SQLite), so its sums are final and written once. The
refresh runs before each report for the period it reads; when everything is rolled up it is two
counts read from indexes. Two workers refreshing at once both insert with ON CONFLICT DO
NOTHING; each adds to the monthly sums only the services its own insert RETURNED, so no service
is counted twice in a month.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from canteen.db import engine, is_sqlite, write_transaction
from canteen.reports.periods import month_sql
from canteen.reports.rules import Period
from canteen.reports.tables import ServiceRollup

CHUNK = 1000  # services per transaction: short write locks, progress kept if interrupted

# Rollup rows only ever exist for closed services: equal counts mean nothing is missing, and
# both are counted from indexes alone (no anti-join on every report).
_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM meal_service ms WHERE ms.status = 'closed' "
    "AND ms.date >= {{}} AND ms.date <= {{}}{services}) AS closed, "
    "(SELECT COUNT(*) FROM service_rollup r WHERE r.date >= {{}} AND r.date <= {{}}{rollups}) "
    "AS rolled"
)
_MISSING = (
    "SELECT ms.id FROM meal_service ms WHERE ms.status = 'closed' "
    "AND ms.date >= {{}} AND ms.date <= {{}}{canteens} "
    "AND NOT EXISTS (SELECT 1 FROM service_rollup r WHERE r.service = ms.id) ORDER BY ms.id"
)

_SERVICE_ROLLUP = """
INSERT INTO service_rollup (
  service, canteen, date, currency, groceries_minor, covers_expected, covers, parties, children,
  first_visit_parties, first_visit_covers, returning_parties, returning_covers, contributions,
  takings_minor, cash_n, cash_minor, card_n, card_minor, voucher_n, voucher_minor, credit_n,
  nothing_n, pay_forward_given, survey_responses)
SELECT ms.id, ms.canteen, ms.date, c.currency, ms.groceries_minor, ms.covers_expected,
  COALESCE(ci.covers, 0), COALESCE(ci.parties, 0), COALESCE(ci.children, 0),
  COALESCE(ci.fv_parties, 0), COALESCE(ci.fv_covers, 0),
  COALESCE(ci.ret_parties, 0), COALESCE(ci.ret_covers, 0),
  COALESCE(co.n, 0), COALESCE(co.amount, 0),
  COALESCE(co.cash_n, 0), COALESCE(co.cash_minor, 0), COALESCE(co.card_n, 0),
  COALESCE(co.card_minor, 0), COALESCE(co.voucher_n, 0), COALESCE(co.voucher_minor, 0),
  COALESCE(co.credit_n, 0), COALESCE(co.nothing_n, 0), COALESCE(co.forward, 0),
  COALESCE(sr.n, 0)
FROM meal_service ms
JOIN canteen c ON c.id = ms.canteen
LEFT JOIN (
  SELECT service, COUNT(*) AS parties, SUM(party_size) AS covers,
    SUM(COALESCE(children, 0)) AS children,
    SUM(CASE WHEN first_visit THEN 1 ELSE 0 END) AS fv_parties,
    SUM(CASE WHEN first_visit THEN party_size ELSE 0 END) AS fv_covers,
    SUM(CASE WHEN NOT first_visit THEN 1 ELSE 0 END) AS ret_parties,
    SUM(CASE WHEN NOT first_visit THEN party_size ELSE 0 END) AS ret_covers
  FROM check_in WHERE service IN ({ids}) GROUP BY service
) ci ON ci.service = ms.id
LEFT JOIN (
  SELECT service, COUNT(*) AS n, SUM(amount_minor) AS amount, SUM(pay_forward) AS forward,
    SUM(CASE WHEN method = 'cash' THEN 1 ELSE 0 END) AS cash_n,
    SUM(CASE WHEN method = 'cash' THEN amount_minor ELSE 0 END) AS cash_minor,
    SUM(CASE WHEN method = 'card' THEN 1 ELSE 0 END) AS card_n,
    SUM(CASE WHEN method = 'card' THEN amount_minor ELSE 0 END) AS card_minor,
    SUM(CASE WHEN method = 'voucher' THEN 1 ELSE 0 END) AS voucher_n,
    SUM(CASE WHEN method = 'voucher' THEN amount_minor ELSE 0 END) AS voucher_minor,
    SUM(CASE WHEN method = 'credit' THEN 1 ELSE 0 END) AS credit_n,
    SUM(CASE WHEN method = 'nothing' THEN 1 ELSE 0 END) AS nothing_n
  FROM contribution WHERE service IN ({ids}) GROUP BY service
) co ON co.service = ms.id
LEFT JOIN (
  SELECT service, COUNT(*) AS n FROM survey_response WHERE service IN ({ids}) GROUP BY service
) sr ON sr.service = ms.id
WHERE ms.id IN ({ids}) AND ms.status = 'closed'
ON CONFLICT (service) DO NOTHING
RETURNING service
"""

MONTH_SUMS = (
    "groceries_minor",
    "covers",
    "parties",
    "children",
    "first_visit_parties",
    "first_visit_covers",
    "returning_parties",
    "returning_covers",
    "contributions",
    "takings_minor",
    "cash_n",
    "cash_minor",
    "card_n",
    "card_minor",
    "voucher_n",
    "voucher_minor",
    "credit_n",
    "nothing_n",
    "pay_forward_given",
    "survey_responses",
)
MONTH_COLUMNS = (
    "services",
    *MONTH_SUMS,
    "forecast_services",
    "covers_expected",
    "covers_forecast_actual",
)
_MONTH_ROLLUP = (
    f"INSERT INTO month_rollup (canteen, month, currency, {', '.join(MONTH_COLUMNS)}) "
    "SELECT r.canteen, {month}, r.currency, COUNT(*), "
    + ", ".join(f"SUM(r.{name})" for name in MONTH_SUMS)
    + ", COUNT(r.covers_expected), COALESCE(SUM(r.covers_expected), 0), "
    "SUM(CASE WHEN r.covers_expected IS NOT NULL THEN r.covers ELSE 0 END) "
    "FROM service_rollup r WHERE r.service IN ({ids}) GROUP BY r.canteen, {month}, r.currency "
    "ON CONFLICT (canteen, month, currency) DO UPDATE SET "
    + ", ".join(f"{name} = month_rollup.{name} + excluded.{name}" for name in MONTH_COLUMNS)
)
_SURVEY_MONTH_ROLLUP = (
    "INSERT INTO survey_month_rollup (canteen, month, question_key, answers, v1, v2, v3, v4) "
    "SELECT s.canteen, {month}, s.question_key, SUM(s.answers), SUM(s.v1), SUM(s.v2), "
    "SUM(s.v3), SUM(s.v4) FROM survey_rollup s WHERE s.service IN ({ids}) "
    "GROUP BY s.canteen, {month}, s.question_key "
    "ON CONFLICT (canteen, month, question_key) DO UPDATE SET "
    + ", ".join(
        f"{name} = survey_month_rollup.{name} + excluded.{name}"
        for name in ("answers", "v1", "v2", "v3", "v4")
    )
)

_SURVEY_ROLLUP = """
INSERT INTO survey_rollup (service, canteen, date, question_key, answers, v1, v2, v3, v4)
SELECT ms.id, ms.canteen, ms.date, a.question_key, COUNT(*),
  SUM(CASE WHEN a.value = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN a.value = 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN a.value = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN a.value = 4 THEN 1 ELSE 0 END)
FROM survey_answer a
JOIN survey_response r ON r.id = a.response
JOIN meal_service ms ON ms.id = r.service
WHERE r.service IN ({ids}) AND ms.status = 'closed'
GROUP BY ms.id, ms.canteen, ms.date, a.question_key
ON CONFLICT (service, question_key) DO NOTHING
"""


def canteen_filter(column: str, canteen_ids: Sequence[int] | None) -> str:
    """An SQL condition on canteen ids (integers only, inlined), or nothing for the network."""
    if canteen_ids is None:
        return ""
    ids = ", ".join(str(int(i)) for i in canteen_ids) or "NULL"
    return f" AND {column} IN ({ids})"


async def missing_services(period: Period, canteen_ids: Sequence[int] | None) -> list[int]:
    counts = _COUNTS.format(
        services=canteen_filter("ms.canteen", canteen_ids),
        rollups=canteen_filter("r.canteen", canteen_ids),
    )
    row = (await ServiceRollup.raw(counts, period.start, period.end, period.start, period.end))[0]
    if int(row["closed"]) == int(row["rolled"]):
        return []
    sql = _MISSING.format(canteens=canteen_filter("ms.canteen", canteen_ids))
    rows = await ServiceRollup.raw(sql, period.start, period.end)
    return [int(row["id"]) for row in rows]


async def refresh(
    period: Period,
    canteen_ids: Sequence[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK,
) -> int:
    """Roll up every closed service of the period not rolled up yet; returns how many."""
    missing = await missing_services(period, canteen_ids)
    for start in range(0, len(missing), chunk_size):
        chunk = missing[start : start + chunk_size]
        ids = ", ".join(str(int(i)) for i in chunk)
        async with write_transaction():
            if not is_sqlite(engine()):
                # Compiling these short aggregates to machine code costs more than it saves.
                await ServiceRollup.raw("SET LOCAL jit = off")
            # Survey rows first: a service counts as rolled up once its service_rollup row exists.
            await ServiceRollup.raw(_SURVEY_ROLLUP.format(ids=ids))
            added = await ServiceRollup.raw(_SERVICE_ROLLUP.format(ids=ids))
            if added:
                mine = ", ".join(str(int(row["service"])) for row in added)
                sqlite = is_sqlite(engine())
                await ServiceRollup.raw(
                    _MONTH_ROLLUP.format(month=month_sql("r.date", sqlite), ids=mine)
                )
                await ServiceRollup.raw(
                    _SURVEY_MONTH_ROLLUP.format(month=month_sql("s.date", sqlite), ids=mine)
                )
        if progress:
            progress(start + len(chunk), len(missing))
    return len(missing)
