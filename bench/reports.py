"""Reports at network scale: 200 canteens × 3 years (~10 million contributions) on PostgreSQL.

Creates a throw-away database, fills it in SQL (generate_series, no Python objects per row),
rolls the closed services up (what close-outs do over three years), then times:

- the network dashboard's data for the last 12 months (services.dashboard, median of 5 runs),
- the annual impact report of the last full year: figures and a PDF with a page per canteen.

It prints figures, never passes or fails. The last line is one JSON object with dashboard_ms and
report_s. The database is dropped at the end.

    .venv/bin/python bench/reports.py [--canteens 200] [--years 3] [--keep]
    CANTEEN_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres (the default)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg  # noqa: E402

from canteen import db as canteen_db  # noqa: E402
from canteen import i18n  # noqa: E402

ADMIN_URL = os.environ.get(
    "CANTEEN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BIG_TABLES = ("meal_service", "check_in", "contribution", "survey_response", "survey_answer")
# Loaded without their indexes, which are built once the rows are in (far quicker).
BULK_TABLES = BIG_TABLES[1:]
# The random UUID keys of 10 million check-ins and contributions: no report reads them, and
# building them would take minutes of the bench's ten.
NOT_REBUILT = {"check_in_pkey", "contribution_pkey"}
# Parties (one check-in and one contribution each) per service: 50 to 110, 80 on average.
PARTIES = "(50 + (ms.id * 7919) % 61)"
STARTED = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


def url_for(database: str) -> str:
    base, _slash, _old = ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


async def admin(sql: str) -> None:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


CHECK_INS = f"""
INSERT INTO check_in (id, service, party_size, children, first_visit, body_hash)
SELECT gen_random_uuid(), service, size, NULL,
  CASE WHEN r < 0.1 THEN true WHEN r < 0.8 THEN false END, ''
FROM (
  SELECT ms.id AS service, random() AS r,
    (ARRAY[1,1,1,1,1,1,1,2,2,2,3,4,5])[1 + floor(random() * 13)::int] AS size
  FROM meal_service ms, generate_series(1, {PARTIES}) g OFFSET 0
) x
"""
CONTRIBUTIONS = f"""
INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, body_hash)
SELECT gen_random_uuid(), service,
  CASE WHEN r < 0.81 THEN 50 * (1 + floor(r2 * 9)::int) ELSE 0 END, currency,
  CASE WHEN r < 0.52 THEN 'cash' WHEN r < 0.76 THEN 'card'
       WHEN r < 0.81 THEN 'voucher' WHEN r < 0.94 THEN 'nothing' ELSE 'credit' END,
  CASE WHEN r < 0.76 AND r2 < 0.04 THEN 1 ELSE 0 END, ''
FROM (
  SELECT ms.id AS service, c.currency, random() AS r, random() AS r2
  FROM meal_service ms JOIN canteen c ON c.id = ms.canteen,
    generate_series(1, {PARTIES}) g OFFSET 0
) x
"""
SURVEY_RESPONSES = f"""
INSERT INTO survey_response (id, service, body_hash)
SELECT gen_random_uuid(), ms.id, '' FROM meal_service ms, generate_series(1, {PARTIES} / 10) g
"""
SURVEY_ANSWERS = """
INSERT INTO survey_answer (response, question_key, value)
SELECT response, key, CASE WHEN x < w1 THEN 1 WHEN x < w2 THEN 2 WHEN x < w3 THEN 3 ELSE 4 END
FROM (
  SELECT r.id AS response, q.key, q.w1, q.w2, q.w3, random() AS x
  FROM survey_response r CROSS JOIN (VALUES
    ('welcome', 0.01, 0.03, 0.30), ('met_someone', 0.08, 0.22, 0.62),
    ('changed_idea', 0.10, 0.25, 0.70), ('enjoyed_meal', 0.02, 0.08, 0.48)
  ) AS q(key, w1, w2, w3) OFFSET 0
) x
"""


async def _run(url: str, *statements: str) -> None:
    """Statements on a connection of their own (the big inserts run side by side)."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SET synchronous_commit TO off")
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def load(url: str, canteens: int, first: date, last: date) -> dict[str, int]:
    """Fill the database in SQL, with the big tables' indexes built after the rows are in."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "SET synchronous_commit TO off; SET maintenance_work_mem TO '256MB'; "
            "SELECT setseed(0.2026)"
        )
        indexes = await connection.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY($1) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            list(BULK_TABLES),
        )
        constraints = await connection.fetch(
            "SELECT conname, conrelid::regclass::text AS tab, contype::text AS contype, "
            "pg_get_constraintdef(oid) AS def FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY($1) AND contype IN ('p', 'u', 'f') "
            "ORDER BY contype = 'f' DESC",
            list(BULK_TABLES),
        )
        for row in constraints:
            await connection.execute(f'ALTER TABLE {row["tab"]} DROP CONSTRAINT "{row["conname"]}"')
        for row in indexes:
            await connection.execute(f'DROP INDEX "{row["indexname"]}"')
        # A throw-away database: bulk tables skip the write-ahead log (same queries, same plans).
        for table in BULK_TABLES:
            await connection.execute(f"ALTER TABLE {table} SET UNLOGGED")
        await connection.execute(
            "INSERT INTO network (name, slug, default_language) VALUES ('Bench', 'bench', 'fr')"
        )
        await connection.execute(
            """
            INSERT INTO canteen (network, slug, name, city, neighbourhood, country, timezone,
              currency, languages, max_contribution_minor, coordinator_pin_hash, active)
            SELECT 1, 'bench-' || g, 'Cantine ' || g, 'Ville ' || (g % 60), 'Quartier ' || g,
              CASE WHEN g % 20 = 0 THEN 'CA' ELSE 'FR' END, 'Europe/Paris',
              CASE WHEN g % 20 = 0 THEN 'CAD' ELSE 'EUR' END, 'fr,en', 10000, '', true
            FROM generate_series(1, $1::int) g
            """,
            canteens,
        )
        say("canteens in; meal services (4 days a week each)…")
        await connection.execute(
            """
            INSERT INTO meal_service (canteen, date, menu, groceries_minor, cash_float_minor,
              status, opened_at, closed_at, counted_cash_minor, client_id, body_hash,
              close_client_id, close_body_hash)
            SELECT c.id, d::date, 'Dhal, riz, crumble', 0, 2000, 'closed',
              d + time '10:00', d + time '15:00', 0, 'b-' || c.id || '-' || d::date, '',
              'c-' || c.id || '-' || d::date, ''
            FROM canteen c CROSS JOIN generate_series($1::date, $2::date, interval '1 day') d
            WHERE (extract(isodow FROM d)::int + c.id) % 7 < 4
            ORDER BY d, c.id
            """,
            first,
            last,
        )
        await connection.execute(
            f"UPDATE meal_service ms SET groceries_minor = {PARTIES} * (450 + ms.id % 60), "
            f"covers_expected = CASE WHEN ms.id % 3 = 0 THEN NULL ELSE {PARTIES} * 17 / 10 END"
        )
        say("check-ins, contributions and survey answers, side by side…")
        await asyncio.gather(
            _run(url, CHECK_INS),
            _run(url, CONTRIBUTIONS),
            _run(url, SURVEY_RESPONSES, SURVEY_ANSWERS),
        )
        say("indexes and constraints back…")
        for row in constraints:
            if row["contype"] != "f" and row["conname"] not in NOT_REBUILT:
                await connection.execute(
                    f'ALTER TABLE {row["tab"]} ADD CONSTRAINT "{row["conname"]}" {row["def"]}'
                )
        for row in indexes:
            await connection.execute(row["indexdef"])
        for row in constraints:
            if row["contype"] == "f":
                await connection.execute(
                    f'ALTER TABLE {row["tab"]} ADD CONSTRAINT "{row["conname"]}" {row["def"]} '
                    "NOT VALID"
                )
        await connection.execute("VACUUM ANALYZE")
        counts = {}
        for table in BIG_TABLES:
            counts[table] = int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
        return counts
    finally:
        await connection.close()


async def timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = await function(*args)
    return time.perf_counter() - start, result


async def measure(url: str, first: date, last: date, runs: int) -> dict[str, Any]:
    from canteen.reports import pdf, periods, rollup, services

    engine = canteen_db.make_engine(url)
    canteen_db.bind(engine)
    await canteen_db.start(engine)
    try:

        def rolled(done: int, total: int) -> None:
            if done == total or done % 20_000 < 5_000:
                say(f"  rolled up {done:,} of {total:,} services")

        seconds, count = await timed(rollup.refresh, periods.make(first, last), None, rolled, 5_000)
        say(
            f"rollup of {count:,} closed services (what close-outs do over the years): "
            f"{seconds:.1f} s"
        )
        period = periods.last_months(12, last)
        times = []
        for _ in range(runs):
            seconds, board = await timed(services.dashboard, period)
            times.append(seconds * 1000)
        say(
            f"network dashboard data, {period.start} to {period.end}: "
            + ", ".join(f"{t:.0f}" for t in times)
            + " ms"
        )
        say(
            f"  {len(board.canteens)} canteens, {board.totals.services:,} services, "
            f"{board.totals.covers:,} covers, {board.totals.contributions:,} contributions"
        )
        one = board.canteens[0].canteen.id
        canteen_times = []
        for _ in range(runs):
            seconds, _board = await timed(services.dashboard, period, one)
            canteen_times.append(seconds * 1000)
        say("one canteen's dashboard data: " + ", ".join(f"{t:.0f}" for t in canteen_times) + " ms")
        year = last.year - 1
        token = i18n.current_language.set("fr")
        try:
            start = time.perf_counter()
            report = await services.annual_report(year)
            figures_s = time.perf_counter() - start
            data = await asyncio.to_thread(pdf.render, report)
            report_s = time.perf_counter() - start
        finally:
            i18n.current_language.reset(token)
        pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
        say(
            f"annual report {year}: figures {figures_s:.2f} s, with the PDF {report_s:.1f} s "
            f"({len(data) // 1024:,} KiB, {len(report.dashboard.canteens) + 1}+ pages)"
        )
        return {
            "dashboard_ms": round(statistics.median(times), 1),
            "dashboard_first_ms": round(times[0], 1),
            "canteen_dashboard_ms": round(statistics.median(canteen_times), 1),
            "report_s": round(report_s, 2),
            "report_figures_s": round(figures_s, 2),
            "report_pages_counted": pages,
        }
    finally:
        await canteen_db.stop(engine)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--canteens", type=int, default=200)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    name = f"tablee_bench_reports_{os.getpid()}"
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=365 * args.years - 1)
    await admin(f"CREATE DATABASE {name}")
    url = url_for(name)
    say(f"database {name}; {args.canteens} canteens from {first} to {last}")
    try:
        await canteen_db.migrate(canteen_db.make_engine(url))
        start = time.perf_counter()
        counts = await load(url, args.canteens, first, last)
        load_s = time.perf_counter() - start
        say(f"loaded in {load_s:.0f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        result = await measure(url, first, last, args.runs)
    finally:
        if not args.keep:
            await admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            say(f"dropped {name}")
    print(
        json.dumps(
            {
                **result,
                "canteens": args.canteens,
                "years": args.years,
                "contributions": counts["contribution"],
                "load_s": round(load_s),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
