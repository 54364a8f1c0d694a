"""Time the analysts' explorer on a big database: every chart page, and the streamed CSV export.

Seed a separate PostgreSQL database first (see bench/README.md, "Explorer"), then:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_explore .venv/bin/python bench/explore.py

Options: --runs N (default 5), --no-export (the pages only; the export takes minutes),
--pages TEXT (only the pages whose URL contains TEXT), --cold (then an answer filter's page
before story_chart has any row, page after page, as just after migration 0010; the rows are
all written again at the end).

Requests go through Flask's test client in this process, so the times are the server's own
(SQL, Python, templates), without a network. Each page is fetched once to warm up, then
RUNS times; the median, the 95th percentile and the slowest are printed. The CSV export is read chunk by chunk as
a browser would, counting rows while tracemalloc follows the memory Python holds: it should
stay flat from the first rows to the last.
"""

import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import delete, func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.service import create_user  # noqa: E402
from app.explore import story_chart  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Story, StoryChart, TimelineEvent, User  # noqa: E402
from tests.analysts import FreshClient  # noqa: E402
from tests.helpers import csrf_token  # noqa: E402

RUNS = 5
COLD_PAGES = 12
PASSWORD = "bench-password-straeon"
USERS = {
    "partnership": ("bench-partnership@example.org", "partnership_analyst", None),
    "partner (iwa)": ("bench-iwa@example.org", "partner_analyst", "iwa"),
}
PAGES = [
    "/en/explore/",
    "/en/explore/?told=cy&teller=own",
    "/en/explore/?from=2026-03-15&to=2026-09-10",
    "/en/explore/?answer=feeling:positive",
    "/en/explore/?answer=consent:yes",
    "/en/explore/?q=bus",
    "/en/explore/?version=1",
    "/en/explore/stories",
    "/en/explore/compare?by=teller",
    "/en/explore/meeting-pack",
]


def _setup(app) -> int:
    with app.app_context():
        for email, role, partner in USERS.values():
            if not db.session.execute(select(User).where(User.email == email)).scalar():
                create_user(email, PASSWORD, role, partner)
        if not db.session.execute(select(func.count(TimelineEvent.id))).scalar():
            db.session.add(
                TimelineEvent(
                    happened_on=date.today().replace(day=1),
                    title_cy="Digwyddiad mainc",
                    title_en="Bench event",
                    created_at=datetime.now(UTC),
                )
            )
            db.session.commit()
        return db.session.execute(select(func.count(Story.id))).scalar_one()


def _client(app, email):
    client = FreshClient(app, app.response_class, use_cookies=True)  # a fresh `g` per request
    page = client.get("/en/explore/login")
    assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
    page = page.get_data(as_text=True)
    response = client.post(
        "/en/explore/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302, response.status_code
    return client


def _time(client, url, runs: int = RUNS) -> list[float]:
    assert client.get(url).status_code == 200, url  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def _export_untraced(client, url: str) -> None:
    """Wall time and the process's peak RSS, with no memory tracing slowing Python down."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    rows = size = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        rows += data.count(b"\n")
    response.close()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {url} (untraced): {rows - 1:,} rows, {size / 2**20:.1f} MiB in {seconds:.1f} s; "
        f"peak RSS {before:.0f} MiB before, {after:.0f} MiB after"
    )


def _export(client, url: str) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    rows = size = 0
    marks = []
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        rows += data.count(b"\n")
        if rows // 20_000 > len(marks):
            marks.append((rows, tracemalloc.get_traced_memory()[0] / 2**20))
    response.close()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"  {url}: {rows - 1:,} rows, {size / 2**20:.1f} MiB in {seconds:.1f} s")
    print(
        f"    Python memory held while streaming: peak {peak:.1f} MiB; at rows "
        + ", ".join(f"{r:,}: {m:.1f} MiB" for r, m in marks)
    )


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _cold(client, url: str = "/en/explore/?answer=feeling:positive") -> None:
    """A raw page before story_chart has rows (just after migration 0010): each page writes
    EXPLORE_CHART_BUILD_PER_REQUEST of them and reads the rest of its stories' answers."""
    db.session.execute(delete(StoryChart))
    db.session.commit()
    times = []
    for _ in range(COLD_PAGES):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        times.append(round((time.perf_counter() - start) * 1000))
    print(f"cold {url}, page after page: {', '.join(map(str, times))} ms")
    written = story_chart.build_all()
    print(f"  then flask explore rollup wrote the other {written:,} stories' rows")


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else RUNS
    only = args[args.index("--pages") + 1] if "--pages" in args else ""
    app = create_app()
    stories = _setup(app)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}, {stories:,} stories")
    with app.app_context():
        for who, (email, _role, _partner) in USERS.items():
            client = _client(app, email)
            print(f"{who}:")
            for url in [page for page in PAGES if only in page]:
                times = _time(client, url, runs)
                print(
                    f"  {url:40} median {statistics.median(times):6.0f} ms, "
                    f"p95 {_p95(times):6.0f} ms, slowest {max(times):6.0f} ms"
                )
        if "--cold" in args:
            _cold(_client(app, USERS["partnership"][0]))
        if "--no-export" in args:
            return
        client = _client(app, USERS["partnership"][0])
        _export_untraced(client, "/en/explore/export.csv")
        _export(client, "/en/explore/export.csv")


if __name__ == "__main__":
    main()
