"""The dashboard as an analyst meets it, in a real browser (Debian's Chromium through Playwright, as
``test_web.py``) over a real SQLite store filled by ``rasd ingest`` from articles written for this test:
an empty list says why and offers to clear the filters; opening an event that shares its point with
another spreads them where the map is instead of zooming to a blank street-level map.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_web import Server, _load_id, _loaded, _open, _requirements, browser  # noqa: F401 - the fixture

# Articles of this project's own writing: two events in Mosul (one point), one in Erbil close by (so
# that the first view clusters Mosul's with another place's), one in Arish and one in Aden.
ARTICLES = [
    ("u-mosul-strike", "2018-07-02", "قتل ثلاثة مدنيين يوم الاثنين في غارة جوية على مدينة الموصل."),
    (
        "u-mosul-arrest",
        "2018-07-10",
        "اعتقلت قوات الأمن العراقية خمسة أشخاص في مدينة الموصل يوم الثلاثاء بتهمة الانتماء إلى تنظيم داعش.",
    ),
    ("u-erbil", "2018-07-09", "تظاهر مئات من أهالي مدينة أربيل اليوم احتجاجا على تأخر صرف الرواتب."),
    ("u-arish", "2018-07-05", "قتل جنديان في هجوم مسلح على حاجز للجيش في مدينة العريش يوم الخميس."),
    ("u-aden", "2018-07-08", "تظاهر مئات من أهالي مدينة عدن اليوم احتجاجا على انقطاع الكهرباء."),
    ("u-somalia", "2018-07-06", "قتل خمسة جنود في هجوم شنه مسلحون على دورية للجيش في الصومال يوم الجمعة."),
]


def _write(path: Path, articles) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for article_id, published, text in articles:
            record = {"id": article_id, "published": published, "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _requirements()
    folder = tmp_path_factory.mktemp("web-user")
    running = Server(folder, [_write(folder / "articles.jsonl", ARTICLES)])
    yield running
    running.stop()


def test_an_empty_list_says_no_event_matches_and_clears_the_filters(browser, server):  # noqa: F811
    total = server.get_json("/api/events?limit=1")["total"]
    page = _open(browser, server)
    assert page.locator("#empty").is_hidden()  # events are listed: nothing to explain
    before = _load_id(page)
    page.fill("#f-q", "لاشيءيطابقهذا")
    _loaded(page, before)
    assert page.locator("#count").inner_text().startswith("0 events")
    assert page.locator("#empty").is_visible()
    assert page.locator("#empty-text").inner_text() == "No events match these filters."
    before = _load_id(page)
    page.click("#empty-reset")
    _loaded(page, before)
    assert page.locator("#f-q").input_value() == ""
    assert page.locator("#count").inner_text().startswith(f"{total} event")
    assert page.locator("#empty").is_hidden()
    page.screenshot(path=str(server_shots(server) / "empty-cleared.png"))
    assert not page.errors


def test_an_empty_store_says_so(browser, tmp_path):  # noqa: F811
    _requirements()
    sport = [("u-match", "2018-07-08", "فاز فريق الشرطة على منافسه بهدفين دون رد في مباراة أقيمت مساء أمس.")]
    empty = Server(tmp_path, [_write(tmp_path / "sport.jsonl", sport)])  # an article, but no event
    try:
        assert empty.get_json("/api/events?limit=1")["total"] == 0
        page = _open(browser, empty)
        assert page.locator("#empty").is_visible()
        assert page.locator("#empty-text").inner_text().startswith("No events in this store yet")
        assert page.locator("#empty-reset").is_hidden()  # no filter to clear
        assert not page.errors
    finally:
        empty.stop()


def test_an_event_sharing_its_point_opens_without_zooming_to_the_deepest_level(browser, server):  # noqa: F811
    items = server.get_json("/api/events?limit=100")["items"]
    mosul = [e for e in items if e["location"] == "Mosul"]
    assert len(mosul) == 2 and len({(e["latitude"], e["longitude"]) for e in mosul}) == 1
    page = _open(browser, server)
    page.wait_for_timeout(600)  # the fit's zoom animation ends
    target = mosul[0]["event_id_cnty"]
    page.click(f'#events tbody tr[data-id="{target}"]')
    page.wait_for_selector(f'#panel[data-event="{target}"]')
    circle = page.locator(f"path.event-{target}")
    circle.wait_for(state="attached")  # spread out of its spot's cluster, drawn on its own
    page.wait_for_timeout(600)
    # the deepest zoom (13) disables the zoom-in button; a spot's cluster shows long before it
    assert "leaflet-disabled" not in (page.locator(".leaflet-control-zoom-in").get_attribute("class") or "")
    # and the map still shows more than the spot: the Erbil event is within the view
    erbil = next(e for e in items if e["location"] == "Erbil")["event_id_cnty"]
    in_view = page.evaluate(
        """id => !!document.querySelector(`path.event-${id}`) ||
                 !!document.querySelector(`.marker-cluster-rasd [data-events~="${id}"]`)""",
        erbil,
    )
    assert in_view
    page.screenshot(path=str(server_shots(server) / "same-spot-event.png"))
    assert not page.errors


def server_shots(server: Server) -> Path:
    """Where these tests keep their screenshots: beside the store, in the test's temporary folder."""
    return Path(server.db.removeprefix("sqlite:///")).parent


def test_on_a_phone_the_place_goes_under_the_event_and_actors_stay_readable(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server.url}/")
    page.wait_for_selector("body[data-loaded]", state="attached")
    row = page.locator("#events tbody tr").first
    actors = row.locator("td.actors")
    assert actors.bounding_box()["width"] >= 100  # was 43 px: names broken into syllables
    assert row.locator("td.place").is_hidden()
    inline = row.locator(".place-inline")
    assert inline.is_visible() and inline.inner_text() == row.locator("td.place").text_content()
    date = row.locator("td.date")  # the whole day shows, not "2018-07-..."
    assert date.evaluate("td => td.scrollWidth <= td.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(server_shots(server) / "phone-list.png"))
    assert not page.errors


def test_a_country_told_only_by_name_is_named_once_in_the_panel(browser, server):  # noqa: F811
    items = server.get_json("/api/events?limit=100")["items"]
    somalia = next(e for e in items if e["country"] == "Somalia")
    assert somalia["location"] == "Somalia" and somalia["geo_precision"] == 3
    page = _open(browser, server, f"#event={somalia['event_id_cnty']}")
    place = page.locator('#panel dd.place')
    place.wait_for()
    text = place.inner_text()
    assert text.startswith("Somalia · ") and "Somalia, Somalia" not in text  # was "Somalia, Somalia"
    assert "(province or wider)" in text  # a country is no province
    assert not page.errors


def test_menu_counts_follow_the_other_filters(browser, server):  # noqa: F811
    items = server.get_json("/api/events?limit=100")["items"]
    protests = [e for e in items if e["event_type"] == "Protests"]
    in_iraq = [e for e in items if e["country"] == "Iraq"]
    assert {e["country"] for e in protests} == {"Iraq", "Yemen"} and len(protests) == 2

    def label(select: str, value: str) -> str:
        return page.locator(f'{select} option[value="{value}"]').inner_text()

    page = _open(browser, server)
    assert label("#f-type", "Protests") == "Protests (2)"
    before = _load_id(page)
    page.select_option("#f-country", "Iraq")
    _loaded(page, before)
    assert label("#f-type", "Protests") == "Protests (1)"  # was the whole store's (2) beside 1 listed
    assert label("#f-country", "Iraq") == f"Iraq ({len(in_iraq)})"  # a menu does not count under itself
    before = _load_id(page)
    page.select_option("#f-type", "Protests")
    _loaded(page, before)
    assert label("#f-country", "Yemen") == "Yemen (1)"
    assert label("#f-country", "Egypt") == "Egypt (0)"
    assert page.locator("#count").inner_text().startswith("1 event")
    assert not page.errors


def test_the_api_docs_load_from_the_server_itself(browser, server):  # noqa: F811
    """/docs (which `rasd serve` and `make demo` point to) is Swagger UI from the built dashboard, not from
    a CDN: offline, FastAPI's default page stayed blank."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server.url) else elsewhere.append(r.url))
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("rasd")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/events']")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["/api-docs/swagger-ui-bundle.js"]
    assert elsewhere == []  # nothing from another host (the CDN, its fonts, the favicon)
    page.screenshot(path=str(server_shots(server) / "api-docs.png"))
    context.close()


# The toolbar's controls (brand, every filter, Reset) as boxes: [name, left, top, right, bottom]
TOOLBAR_BOXES = """() => [document.querySelector('#toolbar .brand'),
    ...document.querySelectorAll('#filters > label, #filters > button')].map(e => {
  const r = e.getBoundingClientRect();
  return [e.id || e.className || e.textContent.trim(), r.left, r.top, r.right, r.bottom];
})"""


# The toolbar's text fields whose placeholder is wider than the field shows (measured in the field's font)
PLACEHOLDERS_CUT = """() => [...document.querySelectorAll('#filters input[placeholder]')].filter(e => {
  const style = getComputedStyle(e);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(e.placeholder).width > room;
}).map(e => e.placeholder)"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_toolbar_is_one_row_on_a_laptop_and_a_desktop(browser, server, width, height):  # noqa: F811
    """At 1366 px (the commonest laptop width) "Reset" wrapped to a second row, 30 px taken from the map."""
    page = _open(browser, server, viewport={"width": width, "height": height})
    boxes = page.evaluate(TOOLBAR_BOXES)
    assert len(boxes) == 12
    middles = {name: (top + bottom) / 2 for name, _left, top, _right, bottom in boxes}
    first = middles["brand"]
    assert all(abs(middle - first) < 8 for middle in middles.values()), middles
    assert max(right for _name, _left, _top, right, _bottom in boxes) <= width
    assert page.locator("#toolbar").bounding_box()["height"] < 50
    cut = page.evaluate(PLACEHOLDERS_CUT)  # "search (Arabic o": the narrower field cut its hint
    assert cut == [], cut
    page.screenshot(path=str(server_shots(server) / f"toolbar-{width}.png"))
    assert not page.errors


def test_on_a_phone_the_toolbar_wraps_inside_the_screen(browser, server):  # noqa: F811
    """The narrower widths above must not cost the phone layout: every control inside 390 px, wrapped."""
    page = _open(browser, server, viewport={"width": 390, "height": 844})
    boxes = page.evaluate(TOOLBAR_BOXES)
    assert all(left >= 0 and right <= 390 for _name, left, _top, right, _bottom in boxes), boxes
    assert len({round(top) for _name, _left, top, _right, _bottom in boxes}) > 2  # several rows
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.errors
