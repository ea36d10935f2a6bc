"""The API's filters come from the one declaration the CLI uses (``rasd.store.filters``): several values
per filter, the filters ACLED analysts use, ``/api/stats?by=``, the list at ``/api/filters``, and
gzipped answers. The store is ``test_api.populate``'s (records written for the tests)."""

from __future__ import annotations

from test_api import api  # noqa: F401 - a fixture
from test_store_support import db_url  # noqa: F401 - a fixture

from rasd.store.filters import FILTERS


def ids(api, **params) -> set[str]:  # noqa: F811
    response = api.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return {e["event_id_cnty"] for e in response.json()["items"]}


def test_several_values_comma_separated_or_repeated(api):  # noqa: F811
    assert ids(api, country="Syria,Iraq") == {"SYR1", "SYR2", "IRQ1"}
    assert ids(api, country=["Syria", "IRQ"]) == {"SYR1", "SYR2", "IRQ1"}
    assert ids(api, event_type="Battles,Protests") == {"SYR1", "IRQ1"}
    assert api.get("/api/stats", params={"country": "Syria,Iraq"}).json()["events"] == 3


def test_the_filters_analysts_use(api):  # noqa: F811
    assert ids(api, min_fatalities=5) == {"SYR1"}
    assert ids(api, civilian_targeting="yes") == {"SYR2"}
    assert ids(api, civilian_targeting="no") == {"SYR1", "IRQ1"}
    assert ids(api, year="2018", region="Middle East", iso="368") == {"IRQ1"}
    assert ids(api, location="Ar-Raqqa,Basrah") == {"SYR2", "IRQ1"}
    assert ids(api, interaction="12") == {"SYR1"}
    assert ids(api, disorder_type="Demonstrations") == {"IRQ1"}


def test_stats_by_month_and_type(api):  # noqa: F811
    stats = api.get("/api/stats", params={"by": "month,event_type"}).json()
    assert stats["by"] == ["month", "event_type"]
    assert stats["groups"] == [
        {"month": "2018-03", "event_type": "Battles", "events": 1, "fatalities": 7},
        {"month": "2018-03", "event_type": "Explosions/Remote violence", "events": 1, "fatalities": 3},
        {"month": "2018-07", "event_type": "Protests", "events": 1, "fatalities": 0},
    ]
    assert api.get("/api/stats", params={"by": "galaxy"}).status_code == 422
    assert api.get("/api/stats").json().get("groups") is None


def test_one_declaration_lists_the_filters(api):  # noqa: F811
    listed = api.get("/api/filters").json()
    assert [f["name"] for f in listed] == [spec.name for spec in FILTERS]
    by_name = {f["name"]: f for f in listed}
    assert by_name["text"]["param"] == "q" and by_name["event_type"]["flag"] == "--type"
    assert by_name["country"]["multi"] and not by_name["since"]["multi"]
    operation = api.get("/openapi.json").json()["paths"]["/api/events"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {f["param"] for f in listed} <= parameters


def test_answers_are_gzipped_and_places_label_the_map(api):  # noqa: F811
    response = api.get("/api/events", params={"limit": 1000}, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    places = api.get("/api/geo/places", params={"bbox": "42,13,44,16", "limit": 5}).json()
    assert places and places[0]["name"] == "Al Ḩudaydah"
    assert all(42 <= p["longitude"] <= 44 and 13 <= p["latitude"] <= 16 for p in places)
    assert api.get("/api/geo/places", params={"bbox": "1,2"}).status_code == 422
