"""The report queries: sums over the rollups, grouped in SQL, on SQLite and PostgreSQL.

Whole months are read from the monthly rollup (a dozen rows per canteen and year); the days of a
period's partial first and last months from the daily rollup. Each query returns a few hundred
rows at most (per canteen, per month, per day), never raw records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from canteen.db import engine, is_sqlite
from canteen.reports.periods import as_date, month_sql
from canteen.reports.rollup import MONTH_COLUMNS, MONTH_SUMS, canteen_filter
from canteen.reports.rules import Period, week_start, whole_months
from canteen.reports.tables import ServiceRollup

_FORECAST_SQL = (
    "COUNT(r.covers_expected) AS forecast_services, "
    "COALESCE(SUM(r.covers_expected), 0) AS covers_expected, "
    "COALESCE(SUM(CASE WHEN r.covers_expected IS NOT NULL THEN r.covers ELSE 0 END), 0) "
    "AS covers_forecast_actual"
)
WEEK_COLUMNS = (
    "services",
    "covers",
    "forecast_services",
    "covers_expected",
    "covers_forecast_actual",
)


def _daily_columns() -> str:
    """A daily rollup row as the monthly rollup's columns (one service, its forecast if any)."""
    forecast = "CASE WHEN r.covers_expected IS NOT NULL THEN {} ELSE 0 END"
    return ", ".join(
        [
            "1 AS services",
            *(f"r.{name} AS {name}" for name in MONTH_SUMS),
            f"{forecast.format(1)} AS forecast_services",
            "COALESCE(r.covers_expected, 0) AS covers_expected",
            f"{forecast.format('r.covers')} AS covers_forecast_actual",
        ]
    )


async def sums(
    period: Period, ids: Sequence[int] | None, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Every sum over the period, grouped by some of canteen, currency and month, in SQL.

    Whole months come from the monthly rollup, the days of partial months from the daily one,
    in one UNION ALL summed by the keys asked for."""
    full, edges = whole_months(period)
    month = month_sql("r.date", is_sqlite(engine()))
    parts, params = [], []
    if full:
        columns = ", ".join(f"m.{c} AS {c}" for c in MONTH_COLUMNS)
        parts.append(
            f"SELECT m.canteen AS canteen, m.currency AS currency, m.month AS month, {columns} "
            "FROM month_rollup m WHERE m.month >= {} AND m.month < {}"
            + canteen_filter("m.canteen", ids)
        )
        params += list(full)
    for edge in edges:
        parts.append(
            f"SELECT r.canteen AS canteen, r.currency AS currency, {month} AS month, "
            f"{_daily_columns()} FROM service_rollup r WHERE r.date >= {{}} AND r.date <= {{}}"
            + canteen_filter("r.canteen", ids)
        )
        params += [edge.start, edge.end]
    group = ", ".join(keys)
    totals = ", ".join(f"SUM(t.{c}) AS {c}" for c in MONTH_COLUMNS)
    sql = (
        f"SELECT {group}, {totals} FROM ({' UNION ALL '.join(parts)}) t "
        f"GROUP BY {group} ORDER BY {group}"
    )
    rows = await ServiceRollup.raw(sql, *params)
    for row in rows:
        for column in MONTH_COLUMNS:
            row[column] = int(row[column])  # the SUM of a bigint is a numeric on PostgreSQL
        if "month" in row:
            row["month"] = as_date(row["month"])
        if "canteen" in row:
            row["canteen"] = int(row["canteen"])
    return rows


async def by_week(period: Period, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """Covers per week (Monday), with covers expected for the services that had a forecast.

    Summed per day in SQL (365 rows a year: cheaper than working out each service's week),
    then each day is added to its week."""
    sql = (
        "SELECT r.date AS day, COUNT(*) AS services, COALESCE(SUM(r.covers), 0) AS covers, "
        f"{_FORECAST_SQL} FROM service_rollup r WHERE r.date >= {{}} AND r.date <= {{}}"
        + canteen_filter("r.canteen", ids)
        + " GROUP BY r.date"
    )
    weeks: dict[date, dict[str, Any]] = {}
    for row in await ServiceRollup.raw(sql, period.start, period.end):
        week = week_start(as_date(row["day"]))
        total = weeks.setdefault(week, {"week": week, **dict.fromkeys(WEEK_COLUMNS, 0)})
        for name in WEEK_COLUMNS:
            total[name] += int(row[name])
    return [weeks[week] for week in sorted(weeks)]


_SURVEY_SUMS = (
    "COALESCE(SUM({t}.answers), 0) AS answers, COALESCE(SUM({t}.v1), 0) AS v1, "
    "COALESCE(SUM({t}.v2), 0) AS v2, COALESCE(SUM({t}.v3), 0) AS v3, "
    "COALESCE(SUM({t}.v4), 0) AS v4"
)


async def survey_by_canteen(period: Period, ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """Smiley counts per canteen and question."""
    full, edges = whole_months(period)
    parts, params = [], []
    columns = "canteen, question_key, answers, v1, v2, v3, v4"
    if full:
        parts.append(
            f"SELECT {columns} FROM survey_month_rollup m WHERE m.month >= {{}} AND m.month < {{}}"
            + canteen_filter("m.canteen", ids)
        )
        params += list(full)
    for edge in edges:
        parts.append(
            f"SELECT {columns} FROM survey_rollup s WHERE s.date >= {{}} AND s.date <= {{}}"
            + canteen_filter("s.canteen", ids)
        )
        params += [edge.start, edge.end]
    sql = (
        f"SELECT t.canteen, t.question_key, {_SURVEY_SUMS.format(t='t')} "
        f"FROM ({' UNION ALL '.join(parts)}) t "
        "GROUP BY t.canteen, t.question_key ORDER BY t.canteen, t.question_key"
    )
    rows = await ServiceRollup.raw(sql, *params)
    return [
        {
            "canteen": int(row["canteen"]),
            "question_key": str(row["question_key"]),
            **{name: int(row[name]) for name in ("answers", "v1", "v2", "v3", "v4")},
        }
        for row in rows
    ]
