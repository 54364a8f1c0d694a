"""A page's independent aggregate queries, run at the same time on separate connections.

The explorer page asks the database seven questions that do not depend on each other (count,
triads, dyads, choices, stones, prompts, weeks). Run one after another, the page waits for
the sum of them; run side by side, for about the slowest lane. Each worker thread pushes its
own application context, so it gets its own session and connection from the pool and gives
it back when done. EXPLORE_QUERY_THREADS (default 3) caps the threads of one request; 1
runs everything in the request's own session, one query after another.

Each query still sees only what its `scoped` statement allows: the statements are built (and
scoped) by the caller before they get here; this module only decides when they run.
"""

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import current_app

DEFAULT_THREADS = 3


def gather(calls: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """{name: call()} for every call, run by up to EXPLORE_QUERY_THREADS threads at once.

    Calls are started in the order given, so list the slowest first. An exception in any
    call is raised here, after the others have finished (no connection is left running).
    """
    app = current_app._get_current_object()
    threads = min(app.config.get("EXPLORE_QUERY_THREADS", DEFAULT_THREADS), len(calls))
    if threads <= 1:
        return {name: call() for name, call in calls.items()}

    def run(call: Callable[[], Any]) -> Any:
        with app.app_context():  # a session (and connection) of its own, removed on exit
            return call()

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="explore-query") as pool:
        futures = {name: pool.submit(run, call) for name, call in calls.items()}
    # Leaving the `with` waited for every call, so a failure cannot orphan a running query.
    return {name: future.result() for name, future in futures.items()}
