"""How fast the tablets' contributions are written, against a bare Litestar + raw driver app.

For each engine (SQLite, PostgreSQL) this script makes a fresh database, migrates it, and creates
through the real services a canteen, a pairing code, a paired tablet (device token) and today's
open meal service. It then starts, as separate processes, the real service (`canteen serve`, one
worker, uvicorn) and the bare baseline (bench/baseline_app.py: the same contribution row inserted
with aiosqlite / asyncpg and committed per request), and drives both over HTTP on loopback with
the same load: CONCURRENCY keep-alive clients sending a fixed number of requests, from a load
client in another process (a minimal HTTP/1.1 client on asyncio streams, so that the client's
own cost stays small next to the servers'). Rounds alternate baseline and Tablée; the figures
are the medians over the rounds. On PostgreSQL it also measures Tablée (and the baseline) with
two workers.

Usage:  .venv/bin/python bench/kiosk_writes.py [--requests 2000] [--rounds 3] [--port 8150]
Prints a table per engine; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_databases import count_rows, database, set_up
from serving import wait_ready

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 16


# --------------------------------------------------------------------------- the load client


async def _load(host: str, port: int, path: str, token: str, total: int, clients: int) -> dict:
    """Send `total` POSTs over `clients` keep-alive connections; latencies in milliseconds."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sent = 0

    def request() -> bytes:
        body = json.dumps(
            {"id": str(uuid.uuid4()), "amount_minor": 300, "currency": "EUR", "method": "cash"}
        ).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def client() -> None:
        nonlocal sent
        reader, writer = await asyncio.open_connection(host, port)
        while sent < total:
            sent += 1
            payload = request()
            started = time.perf_counter()
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            length = 0
            close = False
            for line in lines[1:]:
                name, _sep, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
                elif name.lower() == "transfer-encoding":
                    raise RuntimeError("chunked responses are not expected here")
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(clients)])
    seconds = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies))) - 1)]

    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(50),
        "p99_ms": percentile(99),
        "statuses": statuses,
    }


def load_main(spec: str) -> None:
    args = json.loads(spec)
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    print(json.dumps(asyncio.run(_load(**args))))


def run_load(port: int, path: str, token: str, total: int) -> dict:
    """The load client runs in its own process: its CPU is not the server's event loop."""
    spec = json.dumps(
        {
            "host": "127.0.0.1",
            "port": port,
            "path": path,
            "token": token,
            "total": total,
            "clients": CONCURRENCY,
        }
    )
    done = subprocess.run(
        [sys.executable, __file__, "--load", spec],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- servers


def group_cpu_seconds(group: int) -> float:
    """CPU time used so far by every process of a process group (a server and its workers):
    a figure the other loads on a shared machine disturb far less than requests per second."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(command: list[str], env: dict[str, str], port: int) -> Iterator[int]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_ready(process, port)
        yield process.pid  # its own session: the process group id is its pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def tablee_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "canteen.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def baseline_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "baseline_app:create",
        "--factory",
        "--app-dir",
        str(ROOT / "bench"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]


# --------------------------------------------------------------------------- the comparison


def compare(
    url: str, workdir: Path, port: int, workers: int, token: str, service_id: int, args: Any
) -> dict[str, Any]:
    """Both servers up at once (an idle one costs nothing); rounds alternate which one is driven."""
    path = f"/api/v1/services/{service_id}/contributions"
    tablee_env = {
        "CANTEEN_DATABASE_URL": url,
        "CANTEEN_DATA_DIR": str(workdir / "data"),
        "CANTEEN_SECRET_KEY": "bench-secret-key",
    }
    base_env = {"BASELINE_DATABASE_URL": url, "BASELINE_POOL_SIZE": str(args.pool_size)}
    runs: dict[str, list[dict]] = {"tablee": [], "baseline": []}
    with (
        server(tablee_command(port, workers), tablee_env, port) as tablee_group,
        server(baseline_command(port + 1, workers), base_env, port + 1) as baseline_group,
    ):
        ports = {"tablee": port, "baseline": port + 1}
        groups = {"tablee": tablee_group, "baseline": baseline_group}
        for side in ports:
            run_load(ports[side], path, token, args.warmup)
        for round_number in range(args.rounds):
            order = ("baseline", "tablee") if round_number % 2 == 0 else ("tablee", "baseline")
            for side in order:
                cpu_before = group_cpu_seconds(groups[side])
                result = run_load(ports[side], path, token, args.requests)
                cpu = group_cpu_seconds(groups[side]) - cpu_before
                result["cpu_ms"] = cpu * 1000 / result["requests"]
                runs[side].append(result)
                print(
                    f"  round {round_number + 1} {side:8} {result['rps']:8.0f} req/s  "
                    f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
                    f"server CPU {result['cpu_ms']:.2f} ms/request  statuses {result['statuses']}",
                    flush=True,
                )

    def median(side: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[side])

    failures = sum(
        count
        for run in runs["tablee"] + runs["baseline"]
        for status, count in run["statuses"].items()
        if status != "201"
    )
    summary = {
        "rps": round(median("tablee", "rps"), 1),
        "p50_ms": round(median("tablee", "p50_ms"), 2),
        "p99_ms": round(median("tablee", "p99_ms"), 2),
        "baseline_rps": round(median("baseline", "rps"), 1),
        "baseline_p50_ms": round(median("baseline", "p50_ms"), 2),
        "baseline_p99_ms": round(median("baseline", "p99_ms"), 2),
        "cpu_ms_per_request": round(median("tablee", "cpu_ms"), 3),
        "baseline_cpu_ms_per_request": round(median("baseline", "cpu_ms"), 3),
    }
    summary["ratio"] = round(summary["rps"] / summary["baseline_rps"], 3)
    summary["p99_ratio"] = round(summary["p99_ms"] / summary["baseline_p99_ms"], 3)
    summary["workers"] = workers
    summary["failed_requests"] = failures
    return summary


def report(label: str, figures: dict[str, Any]) -> None:
    goal = figures["ratio"] >= 0.8 and figures["p99_ratio"] <= 2.0
    print(
        f"{label}: Tablée {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms | baseline {figures['baseline_rps']:.0f} req/s, "
        f"p50 {figures['baseline_p50_ms']:.1f} ms, p99 {figures['baseline_p99_ms']:.1f} ms | "
        f"Tablée ÷ baseline: throughput {figures['ratio']:.2f}×, p99 {figures['p99_ratio']:.2f}× "
        f"({'goal met' if goal else 'goal NOT met'}: ≥ 0.8× throughput, ≤ 2× p99); "
        f"server CPU per request {figures['cpu_ms_per_request']:.2f} ms vs "
        f"{figures['baseline_cpu_ms_per_request']:.2f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=2000, help="per round and side")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8150, help="uses PORT to PORT+5")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--pool-size", type=int, default=10, help="the baseline's asyncpg pool")
    parser.add_argument("--no-workers", action="store_true", help="skip the 2-worker run")
    args = parser.parse_args()
    if args.load:
        load_main(args.load)
        return
    results: dict[str, Any] = {}
    for offset, engine in enumerate(e for e in args.engines.split(",") if e):
        workdir = Path(tempfile.mkdtemp(prefix=f"tablee-bench-{engine}-"))
        try:
            with database(engine, workdir) as url:
                token, service_id = asyncio.run(set_up(url))
                print(
                    f"{engine}: {args.rounds} rounds × {args.requests} requests per side, "
                    f"{CONCURRENCY} concurrent clients",
                    flush=True,
                )
                port = args.port + 2 * offset
                results[engine] = compare(url, workdir, port, 1, token, service_id, args)
                report(engine, results[engine])
                if engine == "postgres" and not args.no_workers:
                    print("postgres, 2 workers each:", flush=True)
                    two = compare(url, workdir, args.port + 4, 2, token, service_id, args)
                    results["postgres_2_workers"] = two
                    report("postgres_2_workers", two)
                rows = asyncio.run(count_rows(url))
                expected = sum(
                    (args.warmup + args.rounds * args.requests) * 2
                    for key in results
                    if key.startswith(engine)
                )
                print(f"{engine}: {rows} contribution rows written ({expected} requests sent)")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
