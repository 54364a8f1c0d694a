"""Bytes a phone downloads to open the story form the first time, and again (offline).

Opens the form in Debian chromium on a 360 px touch screen, records every response, and
sums each body gzip-compressed (level 6, as nginx or any gzip-serving proxy would send it)
plus its status line and headers. Then opens it again in airplane mode and counts what
came from the network.

    python bench/first_load.py http://127.0.0.1:5000/cy/s/iwa/
"""

import gzip
import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def main(url: str) -> None:
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True
        )
        page = context.new_page()

        def record(response):
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                body = b""
            head = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 20
            rows.append(
                (
                    response.url,
                    len(body),
                    len(gzip.compress(body, 6)) + head,
                    response.from_service_worker,
                )
            )

        page.on("response", record)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1500)  # let the service worker install and precache
        first = list(rows)
        rows.clear()
        context.set_offline(True)
        try:
            page.reload(wait_until="load")
            offline_ok = page.locator("h1").count() == 1 and "story-form" in page.content()
        except Exception as exc:  # no service worker: the browser's offline error
            print(f"repeat load failed offline: {exc.__class__.__name__}")
            offline_ok = False
        after = [r for r in rows if not r[0].startswith("chrome")]
        from_network = [r for r in after if not r[3]]
        browser.close()

    total = sum(r[2] for r in first)
    for url_, raw, gz, _ in sorted(first, key=lambda r: -r[2]):
        print(f"{gz:>8} B gzip  {raw:>8} B raw  {url_}")
    print(f"first load: {len(first)} responses, {total / 1024:.1f} KiB with gzip (budget 40 KiB)")
    print(
        f"repeat load in airplane mode: form shown={offline_ok}, {len(after)} responses, "
        f"{len(from_network)} from the network ({sum(r[2] for r in from_network)} bytes)"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000/cy/s/iwa/")
