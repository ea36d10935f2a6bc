"""Browser tests of the dashboard (web/, served by ``rasd serve``), driving Debian's Chromium with Playwright.

Each module fixture ingests articles into a fresh SQLite store, starts ``rasd serve`` on a free loopback port
and one headless Chromium (``/usr/bin/chromium``; no browser is downloaded). Skipped, with the reason, when
Chromium, the playwright package or the built app (``make web``) is missing; the tests on the seed and
development articles also need ``../shared``. They save screenshots at 1366x768 under docs/screenshots/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
DIST = REPO_ROOT / "web" / "dist"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
TIMEOUT_MS = 10_000  # any one wait in the browser
BATTLES = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}


def _requirements() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (make setup)")
    if not (DIST / "index.html").exists():
        pytest.skip("the web app is not built: web/dist/index.html is missing (make web; needs npm)")


def _rasd() -> list[str]:
    exe = Path(sys.executable).with_name("rasd")
    return [str(exe)] if exe.exists() else [shutil.which("rasd") or "rasd"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``rasd serve`` on a temporary SQLite store, with the articles given ingested first."""

    def __init__(self, tmp: Path, articles: list[Path]):
        self.db = f"sqlite:///{tmp / 'web.db'}"
        run = subprocess.run(
            [*_rasd(), "ingest", *map(str, articles), "--db", self.db, "--workers", "1"],
            capture_output=True, text=True, timeout=300,
        )
        assert run.returncode == 0, run.stderr
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp / "serve.log", "w+")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [*_rasd(), "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.get_json("/api/stats")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = self.log_text()
                    self.stop()
                    pytest.fail(f"rasd serve did not start:\n{log}")
                time.sleep(0.1)

    def log_text(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=20) as response:
            return response.read()

    def get_json(self, path: str):
        return json.loads(self.get(path))

    def export_rows(self, **filters) -> dict[str, dict[str, str]]:
        query = "&".join(f"{k}={urllib.request.quote(str(v))}" for k, v in filters.items())
        text = self.get(f"/api/export?format=acled-csv{'&' + query if query else ''}").decode("utf-8")
        return {row["event_id_cnty"]: row for row in csv.DictReader(io.StringIO(text))}

    def token(self, name: str) -> str:
        run = subprocess.run(
            [*_rasd(), "token", "create", name, "--db", self.db], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stderr
        found = re.findall(r"\brasd_[A-Za-z0-9_-]+", run.stdout)
        assert found, f"no token in what rasd token create printed: {run.stdout!r} {run.stderr!r}"
        return found[-1]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def browser():
    _requirements()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=30_000)
        yield b
        b.close()


def _open(browser, server: Server, fragment: str = "", viewport: dict | None = None):
    context = browser.new_context(viewport=viewport or VIEWPORT, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/{fragment}")
    page.wait_for_selector("body[data-loaded]")
    page.wait_for_selector(".leaflet-basemap-pane path")  # the outlines
    page.errors = errors
    return page


def _loaded(page, previous: str) -> None:
    """Wait until the dashboard has finished a reload started after `previous` was read."""
    page.wait_for_function(  # a loaded CI machine may take longer than the 10 s default for a full list
        "prev => document.body.dataset.loaded && document.body.dataset.loaded !== prev",
        arg=previous,
        timeout=30_000,
    )


def _load_id(page) -> str:
    return page.evaluate("document.body.dataset.loaded")


def _rows(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#events tbody tr",
        """rows => rows.map(r => ({id: r.dataset.id, date: r.cells[0].textContent,
            type: r.querySelector('.type').textContent, place: r.cells[2].textContent}))""",
    )


def _drawn(page) -> list[str]:
    """The events on the map: circles drawn, and those counted inside a cluster's disc."""
    return page.evaluate(
        """() => [...document.querySelectorAll('path.event-marker')]
              .map(p => [...p.classList].find(c => c.startsWith('event-') && c !== 'event-marker').slice(6))
              .concat([...document.querySelectorAll('.marker-cluster-rasd [data-events]')]
                        .flatMap(d => d.dataset.events.split(' ')))"""
    )


def _click_on_map(page, event_id: str) -> None:
    """Click an event's circle, zooming into the clusters that hold it until it is drawn on its own."""
    for _ in range(14):
        circle = page.locator(f"path.event-{event_id}")
        if circle.count():
            circle.dispatch_event("click")
            return
        page.locator(f'.marker-cluster-rasd [data-events~="{event_id}"]').first.click()
        page.wait_for_timeout(700)  # the zoom (or the spreading of a spot's events) settles
    raise AssertionError(f"{event_id} never came out of its cluster")


def _event_with_articles(server: Server, event_id: str) -> tuple[dict, dict[str, dict]]:
    event = server.get_json(f"/api/events/{event_id}")
    articles = {r["article_id"]: server.get_json(f"/api/articles/{urllib.request.quote(r['article_id'])}")
                for r in event["reports"]}
    return event, articles


def _check_evidence(page, server: Server, event_id: str) -> None:
    """The panel shows event_id, its article right to left, and every evidence span of it highlighted."""
    page.wait_for_selector(f'#panel[data-event="{event_id}"]')
    event, articles = _event_with_articles(server, event_id)
    first = event["reports"][0]
    report = page.locator(f'#panel details.report[data-article="{first["article_id"]}"]')
    body = report.locator(".article-text")
    assert body.get_attribute("dir") == "rtl"
    page.wait_for_function(
        "el => el.querySelector('mark') || el.textContent.length > 20", arg=body.element_handle()
    )
    # the article is text: nothing but <mark> elements inside it, and its text is the article's text
    tags = body.evaluate("el => [...el.querySelectorAll('*')].map(x => x.tagName)")
    assert set(tags) <= {"MARK"}
    assert body.evaluate("el => el.textContent") == articles[first["article_id"]]["text"]
    highlighted = body.evaluate(
        "el => [...el.querySelectorAll('mark.this-event')].map(m => m.textContent).join('')"
    )
    spans = [s for s in first["evidence"] if s.get("field", "text") != "title"]
    assert spans, f"{event_id} has no evidence in its article text"
    for span in spans:
        assert span["text"] in highlighted
    style = body.evaluate("el => getComputedStyle(el).direction")
    assert style == "rtl"


# ---- the seed and development articles -------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    _requirements()
    articles = [SHARED_DIR / "seeds" / "articles.jsonl", SHARED_DIR / "data" / "dev" / "articles.jsonl"]
    missing = [str(p) for p in articles if not p.exists()]
    if missing:
        pytest.skip(f"shared development data not available: {', '.join(missing)}")
    server = Server(tmp_path_factory.mktemp("web-dev"), articles)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def baghuz(dev_server) -> list[dict]:
    items = dev_server.get_json("/api/events?limit=1000")["items"]
    found = [e for e in items if e["location"] in ("Baghuz", "Baghouz", "Al Baghuz")]
    assert found, "no Baghouz event in the seed + development articles"
    return found


def test_dashboard_shows_map_timeline_and_table(browser, dev_server):
    page = _open(browser, dev_server)
    total = dev_server.get_json("/api/events?limit=1")["total"]
    placed = [e for e in dev_server.get_json("/api/events?limit=1000")["items"] if e["latitude"] is not None]
    assert page.locator("#count").inner_text().startswith(f"{total} event")
    assert page.locator("#events tbody tr").count() == min(total, 200)
    page.wait_for_timeout(600)  # the fit's zoom animation ends (clusters and circles are redrawn after it)
    assert set(_drawn(page)) == {e["event_id_cnty"] for e in placed}
    assert page.locator(".leaflet-basemap-pane path").count() > 0
    assert page.locator("#timeline-svg .bars rect").count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map").screenshot(path=SCREENSHOTS / "map.png")
    page.locator("#timeline").screenshot(path=SCREENSHOTS / "timeline.png")
    assert not page.errors
    page.context.close()


def test_click_baghouz_event_shows_evidence_right_to_left(browser, dev_server, baghuz):
    page = _open(browser, dev_server)
    target = max(baghuz, key=lambda e: (e["fatalities"] or 0, e["event_id_cnty"]))
    # from the table
    page.locator(f'#events tbody tr[data-id="{target["event_id_cnty"]}"]').click()
    _check_evidence(page, dev_server, target["event_id_cnty"])
    panel = page.locator("#panel")
    assert target["location"] in panel.inner_text()
    assert panel.locator(".fatalities").inner_text() == str(target["fatalities"])
    assert panel.locator(".note").inner_text() == target["notes"]
    page.wait_for_timeout(300)  # fonts and the map's pan settle
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=SCREENSHOTS / "event-panel.png")
    page.screenshot(path=SCREENSHOTS / "dashboard.png")
    # from the map: another Baghouz event's circle
    page.locator("#panel .back").click()
    other = min(baghuz, key=lambda e: e["event_id_cnty"])
    _click_on_map(page, other["event_id_cnty"])
    _check_evidence(page, dev_server, other["event_id_cnty"])
    assert f"event={other['event_id_cnty']}" in page.url
    assert not page.errors
    page.context.close()


def test_filter_by_type_and_by_date(browser, dev_server):
    page = _open(browser, dev_server)
    before = _load_id(page)
    page.select_option("#f-type", "Battles")
    _loaded(page, before)
    battles = dev_server.get_json("/api/events?event_type=Battles&limit=1000")
    rows = _rows(page)
    assert len(rows) == battles["total"] > 0
    assert {r["type"] for r in rows} <= BATTLES
    assert "event_type=Battles" in page.url
    # by date, typed
    dates = sorted(r["date"] for r in rows)
    since, until = dates[0], dates[len(dates) // 2]
    before = _load_id(page)
    page.fill("#f-since", since)
    _loaded(page, before)
    before = _load_id(page)
    page.fill("#f-until", until)
    _loaded(page, before)
    expected = dev_server.get_json(f"/api/events?event_type=Battles&since={since}&until={until}&limit=1000")
    rows = _rows(page)
    assert len(rows) == expected["total"] > 0
    assert all(since <= r["date"] <= until for r in rows)
    placed = sum(e["latitude"] is not None for e in expected["items"])
    page.wait_for_timeout(600)  # the refit's zoom animation ends
    assert len(set(_drawn(page))) == placed
    # by date, brushed on the timeline: the type stays, the dates become the brushed range
    page.click("#timeline-clear")
    box = page.locator("#timeline-svg").bounding_box()
    before = _load_id(page)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=4)
    page.mouse.move(box["x"] + box["width"] - 12, y, steps=4)
    page.mouse.up()
    _loaded(page, before)
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and since <= until
    expected = dev_server.get_json(f"/api/events?event_type=Battles&since={since}&until={until}&limit=1000")
    assert len(_rows(page)) == expected["total"]
    assert page.locator("#timeline-svg .brush").get_attribute("width") not in (None, "0")
    assert not page.errors
    page.context.close()


def test_filter_by_confidence_hides_the_less_sure_events(browser, dev_server):
    every = dev_server.get_json("/api/events?limit=1000")["items"]
    sure = dev_server.get_json("/api/events?min_confidence=0.7&limit=1000")["items"]
    assert 0 < len(sure) < len(every)  # the menu's 0.7 splits the development records
    confidence = {e["event_id_cnty"]: dev_server.get_json(f"/api/events/{e['event_id_cnty']}")["confidence"]
                  for e in every}
    assert {k for k, c in confidence.items() if c >= 0.7} == {e["event_id_cnty"] for e in sure}
    page = _open(browser, dev_server)
    before = _load_id(page)
    page.select_option("#f-confidence", "0.7")
    _loaded(page, before)
    assert "min_confidence=0.7" in page.url
    assert sorted(r["id"] for r in _rows(page)) == sorted(e["event_id_cnty"] for e in sure)
    assert page.locator("#count").inner_text().startswith(f"{len(sure)} event")
    first = sure[0]["event_id_cnty"]
    page.locator(f'#events tbody tr[data-id="{first}"]').click()  # the panel says how sure
    page.wait_for_selector(f'#panel[data-event="{first}"]')
    assert page.locator("#panel .confidence").inner_text() == f"{confidence[first]:.2f}"
    page.locator("#panel .back").click()
    before = _load_id(page)
    page.select_option("#f-confidence", "")
    _loaded(page, before)
    assert len(_rows(page)) == min(len(every), 200)
    assert not page.errors
    page.context.close()

def test_correct_a_field_with_a_token_changes_the_export(browser, dev_server, baghuz):
    target = min(baghuz, key=lambda e: e["event_id_cnty"])
    event_id = target["event_id_cnty"]
    before_rows = dev_server.export_rows()
    old = int(before_rows[event_id]["fatalities"])
    new = old + 7
    page = _open(browser, dev_server, f"#event={event_id}")
    page.wait_for_selector(f'#panel[data-event="{event_id}"] #review')
    # the form offers every field the API lets an analyst correct (GET /api/meta), with its choices
    offered = page.eval_on_selector_all("#review-field option", "os => os.map(o => o.value)")
    assert offered == dev_server.get_json("/api/meta")["editable_fields"] and "inter1" in offered
    page.select_option("#review-field", "inter1")
    choices = page.eval_on_selector_all("#review-value option", "os => os.map(o => o.value)")
    assert choices == [str(code) for code in range(9)]
    sub_types = page.eval_on_selector_all("#f-subtype option", "os => os.map(o => o.value).filter(Boolean)")
    assert len(sub_types) == 25

    # a wrong token is refused, and nothing changes
    page.fill("#review-token", "not-a-token")
    page.click("#review-save-token")
    page.select_option("#review-field", "fatalities")
    page.fill("#review-value", str(new))
    page.click("#review-save")
    page.wait_for_selector(".review-status.bad")
    assert int(dev_server.export_rows()[event_id]["fatalities"]) == old
    page.click("#review-forget")

    # a real one, pasted once and kept by the browser
    page.fill("#review-token", dev_server.token("web-test"))
    page.click("#review-save-token")
    assert page.evaluate("localStorage.getItem('rasd.token')")
    page.select_option("#review-field", "fatalities")
    page.fill("#review-value", str(new))
    page.fill("#review-reason", "two reports agree on more")
    page.click("#review-save")
    page.wait_for_selector(f'#panel[data-event="{event_id}"] .review-status.ok')
    assert page.locator("#panel .fatalities").inner_text() == str(new)
    assert page.locator("#panel .corrections").inner_text().count("fatalities") >= 1
    rows = dev_server.export_rows()
    assert int(rows[event_id]["fatalities"]) == new
    assert all(rows[k]["fatalities"] == row["fatalities"] for k, row in before_rows.items() if k != event_id)
    # the table and map reloaded with the new toll
    page.click("#panel .back")
    row = page.locator(f'#events tbody tr[data-id="{event_id}"] td.num')
    assert row.inner_text() == str(new)

    # reject another event: it leaves the list and the export; restore it: it comes back
    other = max(baghuz, key=lambda e: e["event_id_cnty"])["event_id_cnty"]
    assert other != event_id and other in rows
    page.locator(f'#events tbody tr[data-id="{other}"]').click()
    page.wait_for_selector(f'#panel[data-event="{other}"] #review-reject')
    page.fill("#review-reject-reason", "not an event")
    page.click("#review-reject")  # arms
    page.click("#review-reject")  # confirms
    page.wait_for_selector(f'#panel[data-event="{other}"] .status-rejected')
    assert other not in dev_server.export_rows()
    page.wait_for_selector(f'#events tbody tr[data-id="{other}"]', state="detached")
    page.click("#review-restore")
    page.wait_for_selector(f'#panel[data-event="{other}"] #review-reject')
    assert other in dev_server.export_rows()
    assert not page.errors
    page.context.close()


# ---- the bundled sample articles: always there ----------------------------------------------------------

HOSTILE = '\n<img src="x" onerror="window.__injected = 1"><script>window.__injected = 2</script><b>غارة</b>'


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    _requirements()
    tmp = tmp_path_factory.mktemp("web-sample")
    records = [json.loads(line) for line in (REPO_ROOT / "examples" / "sample_articles.jsonl").open()]
    records[0]["text"] += HOSTILE  # markup in a news text must stay text
    path = tmp / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    server = Server(tmp, [path])
    yield server
    server.stop()


def test_sample_articles_dashboard(browser, sample_server):
    page = _open(browser, sample_server)
    items = sample_server.get_json("/api/events?limit=100")["items"]
    assert len(items) >= 3
    assert len(_rows(page)) == len(items)
    target = next(e for e in items if e["location"] == "Khan Shaykhun")
    _click_on_map(page, target["event_id_cnty"])
    _check_evidence(page, sample_server, target["event_id_cnty"])
    body = page.locator("#panel .article-text").first
    assert "<img" in body.inner_text() and "<script>" in body.inner_text()
    assert body.locator("img, script, b").count() == 0
    assert page.evaluate("window.__injected") is None
    # filter by type, then back
    before = _load_id(page)
    page.select_option("#f-type", "Protests")
    _loaded(page, before)
    assert {r["type"] for r in _rows(page)} <= {"Peaceful protest", "Protest with intervention",
                                                 "Excessive force against protesters"}
    assert len(_rows(page)) == sum(e["event_type"] == "Protests" for e in items)
    assert not page.errors
    page.context.close()



def test_export_links_follow_the_filters_and_the_excel_csv_starts_with_a_bom(browser, sample_server):
    """The export links carry the filters in view; "CSV for Excel" is the same rows after a UTF-8
    byte-order mark (Excel reads BOM-less UTF-8 CSV as a legacy code page: Arabic becomes mojibake)."""
    page = _open(browser, sample_server)
    before = _load_id(page)
    page.select_option("#f-type", "Protests")
    _loaded(page, before)
    plain = page.get_attribute("#export-acled-csv", "href")
    excel = page.get_attribute("#export-acled-csv-excel", "href")
    assert "event_type=Protests" in plain and "bom" not in plain
    assert "event_type=Protests" in excel and "bom=true" in excel
    plain_bytes = sample_server.get("/" + plain)
    excel_bytes = sample_server.get("/" + excel)
    assert not plain_bytes.startswith(b"\xef\xbb\xbf")
    assert excel_bytes == b"\xef\xbb\xbf" + plain_bytes
    rows = list(csv.DictReader(io.StringIO(excel_bytes.decode("utf-8-sig"))))
    assert rows and {r["event_type"] for r in rows} == {"Protests"}
    assert not page.errors
    page.context.close()

# ---- why this record, and per-field evidence -------------------------------------------------------------


def _post_json(server: Server, path: str, body: dict):
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _made(explanation: dict, ordinal: int) -> list[dict]:
    """The candidates an explanation says made the record at ``ordinal``."""
    return [c for c in explanation["candidates"] if c["decision"] == "kept" and c["record"] == ordinal]


def _where(candidate: dict) -> tuple[str, int]:
    return candidate["sentence"]["field"], candidate["sentence"]["index"]


def _open_why(page, server: Server, event_id: str) -> tuple[dict, dict, object]:
    """Open the first report's "Why this record"; (the report, the API's explanation, the report's box)."""
    event, articles = _event_with_articles(server, event_id)
    report = event["reports"][0]
    item = articles[report["article_id"]]
    body = {k: item.get(k) for k in ("text", "title", "published", "outlet")} | {"id": report["article_id"]}
    explanation = _post_json(server, "/api/explain", body)
    box = page.locator(f'#panel details.report[data-article="{report["article_id"]}"]')
    box.locator("details.why summary").click()
    page.wait_for_selector("#panel details.why .why-candidate")
    return report, explanation, box


def test_panel_lights_the_words_of_a_field_and_says_why_this_record(browser, sample_server):
    page = _open(browser, sample_server)
    target = next(e for e in sample_server.get_json("/api/events?limit=100")["items"]
                  if e["location"] == "Khan Shaykhun")
    _click_on_map(page, target["event_id_cnty"])
    _check_evidence(page, sample_server, target["event_id_cnty"])
    report, explanation, box = _open_why(page, sample_server, target["event_id_cnty"])
    spans = report["field_evidence"]
    assert {"event_type", "actor1", "location"} <= set(spans)
    # hovering a field lights its words in the article and quotes them
    for field, selector in (("actor1", "dd.actor1"), ("location", "dd.place"), ("event_type", ".type-badge")):
        page.locator(f"#panel {selector}").hover()
        lit = box.locator("mark.field-lit")
        assert spans[field]["text"] in "".join(lit.all_text_contents()), field
        assert spans[field]["text"] in page.locator(f"#panel {selector}").get_attribute("title")
    page.mouse.move(0, 0)
    assert box.locator("mark.field-lit").count() == 0
    # why this record: the candidates the API says made it, with their trigger words
    made = _made(explanation, report["ordinal"])
    assert made
    shown = box.locator(".why .why-candidate.kept")
    assert shown.count() == len(made)
    assert {shown.nth(i).get_attribute("data-id") for i in range(shown.count())} == {c["id"] for c in made}
    assert made[0]["trigger"]["text"] in shown.first.inner_text()
    assert "differently now" not in box.locator(".why").inner_text()
    assert box.locator(".why bdi.ar").first.get_attribute("dir") == "rtl"
    page.wait_for_timeout(200)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#panel").screenshot(path=SCREENSHOTS / "why-this-record.png")
    assert not page.errors
    page.context.close()


def test_why_this_record_shows_the_dropped_candidates_of_its_sentences(browser, dev_server, baghuz):
    page = _open(browser, dev_server)
    target = max(baghuz, key=lambda e: (e["fatalities"] or 0, e["event_id_cnty"]))
    page.locator(f'#events tbody tr[data-id="{target["event_id_cnty"]}"]').click()
    page.wait_for_selector(f'#panel[data-event="{target["event_id_cnty"]}"]')
    report, explanation, box = _open_why(page, dev_server, target["event_id_cnty"])
    sentences = {_where(c) for c in _made(explanation, report["ordinal"])}
    dropped = [c for c in explanation["candidates"] if c["decision"] == "dropped" and _where(c) in sentences]
    shown = box.locator(".why .why-candidate.dropped")
    assert shown.count() == len(dropped)
    for i in range(shown.count()):
        assert shown.nth(i).get_attribute("data-reason")
    assert not page.errors
    page.context.close()


# ---- any screen: a phone's width, clusters, bad addresses, the timeline's modes ------------------------

SMALL = {"width": 400, "height": 800}


def _not_clipped(page, selector: str) -> None:
    """Every line of the element's text lies inside its box: nothing overflows to the right, where a
    right-to-left line starts."""
    box = page.evaluate(
        """sel => { const el = document.querySelector(sel); const r = el.getBoundingClientRect();
            const range = document.createRange(); range.selectNodeContents(el);
            const rects = [...range.getClientRects()].filter(x => x.width > 0);
            return {left: r.left, right: r.right, scroll: el.scrollWidth, client: el.clientWidth,
                    minLeft: Math.min(...rects.map(x => x.left)),
                    maxRight: Math.max(...rects.map(x => x.right)),
                    page: document.documentElement.clientWidth}; }""",
        selector,
    )
    assert box["scroll"] <= box["client"] + 1, box
    assert box["left"] - 1 <= box["minLeft"] and box["maxRight"] <= box["right"] + 1, box
    assert box["right"] <= box["page"] + 1, box


def test_small_screen_shows_map_timeline_and_table_and_whole_arabic_lines(browser, sample_server):
    page = _open(browser, sample_server, viewport=SMALL)
    map_box = page.locator("#map").bounding_box()
    assert map_box["width"] > 300 and map_box["height"] > 200
    assert page.locator("#timeline-svg").bounding_box()["height"] > 50
    assert page.locator("#timeline-svg .bars rect").count() > 0
    rows = page.locator("#events tbody tr")
    assert rows.count() >= 30 and rows.first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-400x800.png")
    target = next(e for e in sample_server.get_json("/api/events?limit=100")["items"]
                  if e["location"] == "Khan Shaykhun")  # fmt: skip
    page.locator(f'#events tbody tr[data-id="{target["event_id_cnty"]}"]').click()
    _check_evidence(page, sample_server, target["event_id_cnty"])
    page.locator("#panel .article-text").first.scroll_into_view_if_needed()
    _not_clipped(page, "#panel .article-text")
    page.screenshot(path=SCREENSHOTS / "event-panel-400x800.png", full_page=False)
    assert not page.errors
    page.context.close()


def test_large_screen_and_crowded_points_cluster(browser, sample_server):
    page = _open(browser, sample_server)
    items = sample_server.get_json("/api/events?limit=1000")["items"]
    placed = [e for e in items if e["latitude"] is not None]
    assert len(placed) >= 30
    page.wait_for_timeout(600)  # the fit's zoom animation ends
    assert set(_drawn(page)) == {e["event_id_cnty"] for e in placed}
    clusters = page.locator(".marker-cluster-rasd [data-events]")
    assert clusters.count() > 0  # the whole region at once: nearby events share a disc with their count
    counts = [int(t) for t in clusters.all_text_contents()]
    inside = clusters.evaluate_all("els => els.map(e => e.dataset.events)")
    assert sum(counts) == sum(len(x.split()) for x in inside)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-1366x768.png")
    # opening an event from a cluster brings it out, and the map shows where it is
    target = max(placed, key=lambda e: e["event_id_cnty"])
    _click_on_map(page, target["event_id_cnty"])
    _check_evidence(page, sample_server, target["event_id_cnty"])
    inside = page.evaluate(
        """id => { const p = document.querySelector('path.event-' + id); if (!p) return false;
            const r = p.getBoundingClientRect(), m = document.querySelector('#map').getBoundingClientRect();
            return r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom; }""",
        target["event_id_cnty"],
    )
    assert inside
    assert not page.errors
    page.context.close()


def test_a_bad_address_clears_the_view_and_says_what_is_wrong(browser, sample_server):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{sample_server.url}/#since=2018-13-45&country=Syria")
    page.wait_for_selector("#error:not([hidden])")
    message = page.locator("#error").inner_text()
    assert "since" in message and "not a date" in message
    assert page.locator("#events tbody tr").count() == 0 and _drawn(page) == []
    # a good address afterwards shows events again, and the message goes
    before = page.evaluate("document.body.dataset.loaded || ''")
    page.evaluate("window.location.hash = 'country=Syria'")
    _loaded(page, before)
    assert page.locator("#events tbody tr").count() > 0 and page.locator("#error").is_hidden()
    context.close()


def test_timeline_shows_deaths_by_week_or_month(browser, sample_server):
    page = _open(browser, sample_server)
    days = page.locator("#timeline-svg .bars rect").count()
    page.select_option("#timeline-bin", "month")
    months = page.locator("#timeline-svg .bars rect")
    titles = months.evaluate_all("els => els.map(e => e.querySelector('title').textContent)")
    assert 0 < months.count() < days and all(" – " in t and "-01 – " in t for t in titles)
    page.select_option("#timeline-measure", "fatalities")
    assert page.locator("#timeline-title").inner_text() == "Deaths per month"
    bars = page.locator("#timeline-svg .bars rect")
    titles = bars.evaluate_all("els => els.map(e => e.querySelector('title').textContent)")
    deaths = sum(int(t.split(": ")[1].split(" ")[0]) for t in titles)
    dated = sample_server.get_json("/api/stats")["by_day_type"]
    assert deaths == sum(row["fatalities"] for row in dated) > 0
    page.select_option("#timeline-bin", "week")
    weeks = page.locator("#timeline-svg .bars rect").evaluate_all("els => els.map(e => e.dataset.day)")
    assert weeks and all(dt.date.fromisoformat(d).weekday() == 0 for d in weeks)
    assert not page.errors
    page.context.close()
