"""Latency of the web API: ``GET /api/events`` with varied filters, 10 concurrent clients, over the corpus.

usage: python scripts/benchmark_api.py [CORPUS ...] [--db URL] [--clients 10] [--requests 2000]

1. The store: ``--db`` (default: ``rasd-bench-api.db`` in the system's temporary folder, kept between
   runs); when it holds no article yet, the corpus (default ../shared/data/corpus/*.jsonl.gz, or the files
   given) is ingested into it first (``--workers``, default 2), and that time is reported too.
2. ``rasd serve`` (``--workers`` from ``--server-workers``, default 1) is started on a free port of
   127.0.0.1 (loopback only) and waited for.
3. ``--clients`` threads, each with its own keep-alive connection, send ``--requests`` requests in all
   (a bounded loop; ``--max-seconds`` stops it earlier): event lists with a mix of filters drawn, with a
   fixed seed, from what the store holds (country, type, sub-type, date range, actor, admin1, text search,
   bounding box, pages and sort orders, and no filter at all).
4. Reports p50/p95/p99/max latency overall and per kind of filter, the p95 of the filtered lists and of
   the text searches (``q``, alone or with filters: issue 12's two targets), requests/s, any errors and
   the load average before and after, and the server's CPU time per request (the figure the machine's
   load changes least); stops the server. Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from sqlalchemy import func, select

from rasd.store.db import open_store, session_scope
from rasd.store.ingest import ingest
from rasd.store.models import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_DB = f"sqlite:///{Path(tempfile.gettempdir()) / 'rasd-bench-api.db'}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpus", nargs="*", default=sorted(glob.glob(str(SHARED / "data/corpus/*.jsonl.gz")))
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store URL (default: {DEFAULT_DB})")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes for the first ingest")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=2000, help="requests in all (bounded)")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop sending after this long")
    parser.add_argument("--server-workers", type=int, default=1, help="rasd serve --workers (default: 1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="also print the results as one JSON object")
    args = parser.parse_args()

    articles, ingest_s = ensure_ingested(args.db, args.corpus, args.workers)
    if articles is None:
        return 2
    port = free_port()
    load_before = os.getloadavg()
    server = start_server(args.db, port, args.server_workers)
    try:
        wait_ready(port, server)
        stats = get_json(port, "/api/stats")
        queries = query_mix(port, stats, random.Random(args.seed), args.requests)
        cpu_before = server_cpu_seconds(server.pid)
        results, wall = run_clients(port, queries, args.clients, args.max_seconds)
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    report(args, stats, articles, ingest_s, results, wall, (load_before, os.getloadavg()), cpu)
    return 0 if results and not any(status != 200 for _, status, _ in results) else 1


def ensure_ingested(url: str, corpus: list[str], workers: int) -> tuple[int | None, float | None]:
    """Articles in the store, after ingesting the corpus if it held none; and the ingest's seconds."""
    engine = open_store(url)
    try:
        with session_scope(engine) as session:
            count = session.scalar(select(func.count()).select_from(Article))
    finally:
        engine.dispose()
    if count:
        return count, None
    if not corpus or not all(Path(p).exists() for p in corpus):
        print(
            f"benchmark: empty store and no corpus found ({corpus or SHARED / 'data/corpus'})",
            file=sys.stderr,
        )
        return None, None
    print(f"benchmark: ingesting {', '.join(Path(p).name for p in corpus)} into {url} …", file=sys.stderr)
    started = time.perf_counter()
    result = ingest(corpus, url, workers=workers)
    elapsed = time.perf_counter() - started
    print(f"benchmark: {result.summary()} in {elapsed:.0f} s", file=sys.stderr)
    return result.read, elapsed


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "rasd.cli",
        "serve",
        "--db",
        url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    command += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far, from ``/proc`` (NaN elsewhere):
    per request, the figure a loaded machine changes least (latency under ten clients is mostly the
    queue, and the queue is this CPU time over the share of a core the server gets)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            get_json(port, "/api/health")
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"benchmark: rasd serve exited: {server.stderr.read().decode()}") from None
            if time.monotonic() > deadline:
                raise SystemExit("benchmark: rasd serve did not answer in time") from None
            time.sleep(0.2)


def get_json(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise OSError(f"{path}: {response.status}")
        return json.loads(body)
    finally:
        connection.close()


def query_mix(port: int, stats: dict, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (kind, path) pairs: event lists with filters drawn from what the store holds."""
    countries = [c for c in stats["by_country"] if c] or ["Syria"]
    types = [t for t in stats["by_event_type"] if t] or ["Battles"]
    days = sorted(stats["by_day"]) or ["2018-01-01"]
    sample = get_json(port, "/api/events?limit=500&sort=-fatalities")["items"]
    actors = sorted({e["actor1"].split(" (")[0] for e in sample if e["actor1"]})[:40] or ["Islamic State"]
    provinces = sorted({e["admin1"] for e in sample if e["admin1"]})[:40] or ["Aleppo"]
    subtypes = sorted({e["sub_event_type"] for e in sample}) or ["Armed clash"]
    words = ["قصف", "اشتباكات", "مقتل", "غارة", "الجيش", "حلب", "Killed", "clash", "civilians", "drone",
             "الحديدة", "الحديده", "Hodeidah", "Hudaydah"]  # fmt: skip
    total = stats["events"]

    def draw() -> tuple[str, dict]:
        kind = rng.choice(
            ["none", "country", "type", "subtype", "dates", "actor", "admin1", "q", "bbox", "page", "combo"]
        )
        params: dict = {}
        if kind == "country":
            params["country"] = rng.choice(countries)
        elif kind == "type":
            params["event_type"] = rng.choice(types)
        elif kind == "subtype":
            params["sub_event_type"] = rng.choice(subtypes)
        elif kind == "dates":
            first = rng.randrange(len(days))
            params.update(since=days[first], until=days[min(len(days) - 1, first + rng.randint(0, 30))])
        elif kind == "actor":
            params["actor"] = rng.choice(actors)
        elif kind == "admin1":
            params["admin1"] = rng.choice(provinces)
        elif kind == "q":
            params["q"] = rng.choice(words)
        elif kind == "bbox":
            lon, lat = rng.uniform(30, 50), rng.uniform(12, 38)
            size = rng.choice([0.5, 2, 5])
            params["bbox"] = f"{lon:.2f},{lat:.2f},{lon + size:.2f},{lat + size:.2f}"
        elif kind == "page":
            params.update(offset=rng.randrange(max(1, total)), limit=rng.choice([20, 100]))
            params["sort"] = rng.choice(["date", "-date", "-fatalities"])
        elif kind == "combo":
            params.update(country=rng.choice(countries), event_type=rng.choice(types), q=rng.choice(words))
        params.setdefault("limit", rng.choice([50, 100]))
        return kind, params

    return [
        (kind, "/api/events?" + urllib.parse.urlencode(params))
        for kind, params in (draw() for _ in range(count))
    ]


def run_clients(
    port: int, queries: list[tuple[str, str]], clients: int, max_seconds: float
) -> tuple[list[tuple[str, int, float]], float]:
    """(kind, status, seconds) of every request sent, and the wall time; each client takes every
    ``clients``-th query, on one keep-alive connection."""
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + max_seconds

    def client(share: list[tuple[str, str]]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        try:
            for kind, path in share:
                if time.monotonic() > stop_at:
                    break
                started = time.perf_counter()
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    status = 0
                mine.append((kind, status, time.perf_counter() - started))
        finally:
            connection.close()
            with lock:
                results.extend(mine)

    threads = [threading.Thread(target=client, args=(queries[i::clients],)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[max(0, round(share * 1000) - 1)]


SEARCHES = ("q", "combo")  # the kinds with a text search; the others are the filtered lists


def report(args, stats, articles, ingest_s, results, wall, loads, cpu: float) -> None:
    times = sorted(seconds * 1000 for _, _, seconds in results)
    errors = sum(1 for _, status, _ in results if status != 200)
    summary = {
        "store": args.db.split("://")[0],
        "articles": articles,
        "events": stats["events"],
        "ingest_seconds": round(ingest_s, 1) if ingest_s else None,
        "server_workers": args.server_workers,
        "clients": args.clients,
        "requests": len(results),
        "errors": errors,
        "seconds": round(wall, 2),
        "requests_per_second": round(len(results) / wall, 1),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "max_ms": round(times[-1], 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, len(results)), 2),
        "by_kind": {},
        "load_average": [round(loads[0][0], 2), round(loads[1][0], 2)],
    }
    for label, wanted in (("filtered", False), ("search", True)):
        mine = sorted(seconds * 1000 for k, _, seconds in results if (k in SEARCHES) == wanted)
        if mine:
            summary[f"{label}_p95_ms"] = round(percentile(mine, 0.95), 1)
    for kind in sorted({kind for kind, _, _ in results}):
        mine = sorted(seconds * 1000 for k, _, seconds in results if k == kind)
        summary["by_kind"][kind] = {
            "requests": len(mine),
            "p50_ms": round(percentile(mine, 0.50), 1),
            "p95_ms": round(percentile(mine, 0.95), 1),
        }
    print(f"store           {summary['store']}: {articles} articles, {stats['events']} events")
    if ingest_s:
        print(f"ingest          {ingest_s:.0f} s (first run only)")
    print(f"server          rasd serve --workers {args.server_workers}, on 127.0.0.1")
    print(
        f"load            {args.clients} clients, {len(results)} requests in {wall:.1f} s "
        f"= {summary['requests_per_second']} requests/s, {errors} errors"
    )
    print(
        f"/api/events     p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
        f"p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms"
    )
    print(
        f"targets         filtered lists p95 {summary.get('filtered_p95_ms')} ms (≤ 60), "
        f"text searches (q=) p95 {summary.get('search_p95_ms')} ms (≤ 100)"
    )
    print(f"load average    {loads[0][0]:.2f} before, {loads[1][0]:.2f} after (1 minute)")
    print(f"server CPU      {summary['server_cpu_ms_per_request']} ms per request (user + system)")
    for kind, numbers in summary["by_kind"].items():
        print(
            f"  {kind:<12}  {numbers['requests']:>5} requests  p50 {numbers['p50_ms']:>7} ms  "
            f"p95 {numbers['p95_ms']:>7} ms"
        )
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
