"""The API docs show every operation within a second (issue 16), in Chromium.

The time has two parts, checked separately because a CI machine is noisy:

* the server's: after a worker's start-up (tracker.wsgi warms the schema and
  draws the page), opening the docs must not generate the schema again nor
  draw the page again — counted, not timed — and the page's own request
  (Navigation Timing, request start to response end) must stay under
  SERVER_LIMIT (0.5 s; 10–60 ms measured here, 0.3–0.75 s right after a
  gunicorn restart at a load of ~10);
* the browser's: from the start of navigation (``performance.now()``) to the
  last list of the page being in the document, for the visits after the first
  (the first one is the warm-up: a new tab, an empty cache); the median of
  three must be under CLIENT_LIMIT (1 s, the issue's bound; 0.2–0.4 s measured
  under gunicorn at a load of ~10, bench/bench_api_docs.py).

A median of three, not the best, so one lucky visit cannot pass it; not the
worst, so one descheduled visit on a shared runner cannot fail it.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_pages_and_journeys import CHROMIUM, Session, axe, chromium  # noqa: F401
from tests.browser.ui_checks import check_page, csp_refusals, problems
from tests.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="未安装 /usr/bin/chromium"),
]

SERVER_LIMIT = 0.5
CLIENT_LIMIT = 1.0
DRAWN = "#schemas .oplist"  # the page's last list: everything above it is in the document

_TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {drawn: performance.now() / 1000, server: (n.responseEnd - n.requestStart) / 1000,
          operations: document.querySelectorAll('.apidocs-group:not(#schemas) details.op').length};
}"""


@pytest.mark.django_db(transaction=True)
def test_api_docs_show_every_operation_within_a_second(
    chromium: Any,  # noqa: F811
    axe: Any,  # noqa: F811
    live_server: Any,
    supervisor: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from drf_spectacular.views import SpectacularAPIView

    from tracker import api_docs, api_schema

    # What a gunicorn worker does as it starts (the live server does not load tracker.wsgi).
    api_docs._drawn.clear()
    api_schema.forget()
    api_docs.docs_warm_in_background().join(60)

    generated: list[int] = []
    drawn: list[int] = []
    real_get, real_draw = SpectacularAPIView.get, api_docs.render_to_string
    monkeypatch.setattr(
        SpectacularAPIView, "get", lambda *a, **k: generated.append(1) or real_get(*a, **k)
    )
    monkeypatch.setattr(
        api_docs, "render_to_string", lambda *a, **k: drawn.append(1) or real_draw(*a, **k)
    )

    schema = api_schema.schema_document("zh-hans")
    expected = sum(len(group["operations"]) for group in api_docs.operations_by_tag(schema))
    assert expected > 50  # the whole API, not an empty page

    session = Session(chromium, live_server.url, "phone").login(supervisor.username, PASSWORD)
    visits = []
    for _ in range(4):
        session.go("/api/v1/docs/")
        session.page.wait_for_selector(DRAWN, state="attached", timeout=15000)
        visits.append(session.page.evaluate(_TIMING))
    refused = csp_refusals(session.page)
    session.close()

    later = visits[1:]
    client = statistics.median(v["drawn"] for v in later)
    server = max(v["server"] for v in later)
    drawn_s = ", ".join(f"{v['drawn']:.2f}" for v in later)
    server_s = ", ".join(f"{v['server']:.3f}" for v in visits)
    print(f"API docs drawn (s): first {visits[0]['drawn']:.2f}, then {drawn_s}; server {server_s}")
    assert [v["operations"] for v in visits] == [expected] * 4
    assert generated == [] and drawn == [], "the docs were generated or drawn again"
    assert refused == []
    assert server < SERVER_LIMIT, visits
    assert client < CLIENT_LIMIT, visits


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_api_docs_pages_pass_the_page_checks(
    chromium: Any,  # noqa: F811
    axe: Any,  # noqa: F811
    live_server: Any,
    supervisor: Any,
    size: str,
) -> None:
    """The docs page passes every page check (overflow at 360/390/430 px, glyphs,
    English, axe); Swagger UI still draws its operations under the CSP."""
    session = Session(chromium, live_server.url, size).login(supervisor.username, PASSWORD)
    page = session.go("/api/v1/docs/")
    page.locator("details.op").first.locator("summary").click()  # one operation open
    found = [check_page(page, "api-docs", size, axe=axe)]
    page = session.go("/api/v1/docs/swagger/")
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=30000)
    page.locator(".swagger-ui .opblock-tag").first.click()
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    refused = csp_refusals(page)
    found.append({"page": "api-docs-swagger", "size": size} | ({"csp": refused} if refused else {}))
    from tests.browser.ui_checks import SCREENSHOT_DIR

    page.screenshot(path=str(SCREENSHOT_DIR / f"api-docs-swagger-{size}.png"))
    session.close()
    failed = [f for f in found if problems(f)]
    assert failed == [], failed
