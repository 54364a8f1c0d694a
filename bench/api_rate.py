"""Submission API latency at a fixed arrival rate (an open loop), beside bench/api.sh.

wrk keeps 50 requests in flight, so its latency is 50 / throughput whatever the code does.
Here stories arrive at a steady RATE a second, each on its own thread at its own moment,
as phones do, and each one's time is taken from when it was due, not from when it was sent,
so a stalled server shows (no coordinated omission).

    bash bench/api.sh --keep        # leaves gunicorn on 127.0.0.1:5090
    .venv/bin/python bench/api_rate.py [--rate 50] [--seconds 20] [--path /api/v1/stories]
"""

import argparse
import json
import statistics
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="stories a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--path", default="/api/v1/stories")
    parser.add_argument("--server", default="http://127.0.0.1:5090")
    parser.add_argument(
        "--body",
        default="/tmp/straeon-api-body.json",
        help="a JSON story with __CLIENT_ID__ in it (bench/api.sh --keep leaves one there)",
    )
    args = parser.parse_args()
    template = Path(args.body).read_text(encoding="utf-8")

    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def send(due: float) -> None:
        body = template.replace("__CLIENT_ID__", str(uuid.uuid4())).encode()
        request = urllib.request.Request(
            args.server + args.path,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"},
        )
        failure = None
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        except (urllib.error.URLError, OSError) as error:  # HTTPError (4xx, 5xx) included
            failure = str(error)
        took = time.perf_counter() - due
        with lock:
            times.append(took)
            if failure:
                failures.append(failure)

    total = int(args.rate * args.seconds)
    start = time.perf_counter() + 0.5
    threads = []
    for n in range(total):
        due = start + n / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=send, args=(due,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(60)

    ms = sorted(t * 1000 for t in times)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    print(
        json.dumps(
            {
                "path": args.path,
                "rate": args.rate,
                "sent": total,
                "failed": len(failures),
                "first_failure": failures[0] if failures else None,
                "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(pick(0.95), 1),
                "p99_ms": round(pick(0.99), 1),
                "max_ms": round(ms[-1], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
