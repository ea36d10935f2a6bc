"""The output record (CODEBOOK §4), its codes (§6, §10) and its ACLED CSV form (§10)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from rasd.records import (
    ACLED_COLUMNS,
    RASD_COLUMNS,
    Event,
    Evidence,
    csv_header,
    csv_row,
    disorder_type,
    interaction_code,
)

# CODEBOOK §4, in the order the table lists them.
CODEBOOK_FIELDS = (
    "article_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
    "evidence",
)

# CODEBOOK §10, spelled and ordered as ACLED exports them.
ACLED_ORDER = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

BODY = 'قال "المرصد"، أمس، إن غارة جوية استهدفت بلدة شرقي المدينة، وأسفرت عن مقتل 3 مدنيين.'


def _event(**changes) -> Event:
    start = BODY.index("غارة")
    end = BODY.index("مدنيين") + len("مدنيين")
    values = dict(
        article_id="a-1",
        event_date=dt.date(2019, 2, 12),
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Military Forces of Syria (2000-2024)",
        actor2="Civilians (Syria)",
        assoc_actor_1="Military Forces of Russia (2000-)",
        assoc_actor_2="",
        inter1=1,
        inter2=7,
        interaction=17,
        civilian_targeting="Civilian targeting",
        country="Syria",
        iso=760,
        region="Middle East",
        admin1="Idleb",
        admin2="Ariha",
        location="Ariha",
        latitude=35.8128,
        longitude=36.6103,
        geo_precision=2,
        fatalities=3,
        source="Sky News Arabia; SOHR",
        notes='On 12 February 2019, an air strike hit a town east of Ariha, "killing" 3 civilians, one, two.',
        evidence=[
            Evidence(start, end, BODY[start:end]),
            Evidence(0, 4, "غارة", "title"),
        ],
        confidence=0.8123,
    )
    values.update(changes)
    return Event(**values)


# ---------------------------------------------------------------- JSON record


def test_to_dict_has_every_codebook_field():
    record = _event().to_dict()
    missing = [name for name in CODEBOOK_FIELDS if name not in record]
    assert missing == []
    assert "confidence" in record


def test_to_dict_values_and_types():
    event = _event()
    assert event.event_date == dt.date(2019, 2, 12)  # a date in Python, ISO text at the JSON/CSV edge
    record = event.to_dict()
    assert record["article_id"] == "a-1"
    assert record["event_date"] == "2019-02-12"
    assert json.loads(event.to_json())["event_date"] == "2019-02-12"
    assert event.to_acled_row()["year"] == 2019
    for name in ("time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities"):
        assert type(record[name]) is int, name
    assert isinstance(record["latitude"], float) and isinstance(record["longitude"], float)
    assert record["evidence"][0] == {
        "start": BODY.index("غارة"),
        "end": record["evidence"][0]["end"],
        "text": BODY[BODY.index("غارة") : record["evidence"][0]["end"]],
    }
    # a span in the article text carries no "field"; a span in the headline says so
    assert "field" not in record["evidence"][0]
    assert record["evidence"][1] == {"start": 0, "end": 4, "text": "غارة", "field": "title"}


def test_evidence_offsets_point_into_text():
    spans = [span for span in _event().evidence if span.field == "text"]
    assert spans
    for span in spans:
        assert BODY[span.start : span.end] == span.text


def test_to_json_is_one_line_of_utf8_json():
    line = _event().to_json()
    assert "\n" not in line
    assert "غارة" in line  # Arabic kept as is, not \u-escaped
    assert json.loads(line) == _event().to_dict()


# ---------------------------------------------------------------- interaction (CODEBOOK §4, §6)


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [
        (2, 7, 27),
        (7, 2, 27),  # smaller first: 27, never 72
        (8, 1, 18),
        (1, 8, 18),
        (2, 2, 22),
        (1, 0, 10),  # one-sided: 10 * inter1
        (2, 0, 20),
        (8, 0, 80),
        (6, 0, 60),
    ],
)
def test_interaction_code(inter1, inter2, expected):
    assert interaction_code(inter1, inter2) == expected


def test_interaction_code_is_order_free():
    for a in range(1, 9):
        for b in range(1, 9):
            code = interaction_code(a, b)
            assert code == interaction_code(b, a)
            assert code // 10 <= code % 10


# ---------------------------------------------------------------- disorder_type (CODEBOOK §10)


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Battles", "Government regains territory", "Political violence"),
        ("Battles", "Non-state actor overtakes territory", "Political violence"),
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Protest with intervention", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence; Demonstrations"),
        ("Strategic developments", "Agreement", "Strategic developments"),
        ("Strategic developments", "Arrests", "Strategic developments"),
        ("Strategic developments", "Disrupted weapons use", "Strategic developments"),
        ("Strategic developments", "Looting/property destruction", "Strategic developments"),
    ],
)
def test_disorder_type(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected
    event = _event(event_type=event_type, sub_event_type=sub_event_type)
    assert event.disorder_type == expected
    assert event.to_acled_row()["disorder_type"] == expected


# ---------------------------------------------------------------- CSV (CODEBOOK §10)


def test_csv_header_is_acled_columns_then_rasd_columns():
    header = next(csv.reader(io.StringIO(csv_header())))
    assert tuple(header[: len(ACLED_ORDER)]) == ACLED_ORDER
    rest = header[len(ACLED_ORDER) :]
    assert rest, "rasd's own columns follow ACLED's"
    assert all(name.startswith("rasd_") for name in rest)
    assert "rasd_article_id" in rest and "rasd_evidence" in rest
    assert tuple(header) == ACLED_COLUMNS + RASD_COLUMNS
    assert csv_header().endswith("\n") and csv_header().count("\n") == 1


def test_csv_row_round_trips_through_dictreader():
    event = _event()
    text = csv_header() + csv_row(event)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(ACLED_ORDER) + list(RASD_COLUMNS)
    assert row["event_date"] == "2019-02-12"
    assert row["year"] == "2019"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["actor1"] == event.actor1
    assert row["assoc_actor_1"] == event.assoc_actor_1
    assert row["actor2"] == "Civilians (Syria)"
    assert row["inter1"] == "1" and row["inter2"] == "7" and row["interaction"] == "17"
    assert row["iso"] == "760"
    assert row["region"] == "Middle East"
    assert row["country"] == "Syria"
    assert row["admin1"] == "Idleb" and row["admin2"] == "Ariha" and row["admin3"] == ""
    assert row["location"] == "Ariha"
    assert float(row["latitude"]) == pytest.approx(35.8128)
    assert float(row["longitude"]) == pytest.approx(36.6103)
    assert row["geo_precision"] == "2"
    assert row["source"] == "Sky News Arabia; SOHR"
    # commas and quotes inside a field survive the quoting
    assert row["notes"] == event.notes
    assert row["fatalities"] == "3"
    assert row["rasd_article_id"] == "a-1"
    assert float(row["rasd_confidence"]) == pytest.approx(0.812)
    evidence = json.loads(row["rasd_evidence"])
    assert evidence == [e.to_dict() for e in event.evidence]


def test_csv_row_with_undated_and_unlocated_event():
    event = _event(event_date=None, latitude=None, longitude=None)
    row = next(csv.DictReader(io.StringIO(csv_header() + csv_row(event))))
    assert row["event_date"] == "" and row["year"] == ""
    assert row["latitude"] == "" and row["longitude"] == ""


def test_csv_row_with_newline_in_notes_stays_one_record():
    event = _event(notes="First line.\nSecond line, with a comma.")
    rows = list(csv.DictReader(io.StringIO(csv_header() + csv_row(event) + csv_row(_event()))))
    assert len(rows) == 2
    assert rows[0]["notes"] == "First line.\nSecond line, with a comma."
