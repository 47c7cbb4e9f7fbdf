"""Which profile a header fits: the best match is used and named; anything else is one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity import errors
from parity.errors import InputFileError
from parity.importers.detect import Detector
from parity.importers.pipeline import ImportOptions, import_files
from parity.importers.profile_files import load_builtin, parse
from parity.store import Store
from tests.conftest import write_csv

SF = ["", "CaseID", "Opened", "Closed", "Updated", "Status", "Status.Notes",
      "Responsible.Agency", "Category", "Request.Type", "Request.Details", "Address",
      "Supervisor.District", "Neighborhood", "Point", "Source", "Media.URL"]  # fmt: skip
LA_2017 = ["SRNumber", "CreatedDate", "UpdatedDate", "ActionTaken", "Owner", "RequestType",
           "Status", "RequestSource", "MobileOS", "Anonymous", "AssignTo", "ServiceDate",
           "ClosedDate", "AddressVerified"]  # fmt: skip
LA_2020 = ["srnumber", "createddate", "closeddate", "_daystoclose", "updateddate", "servicedate",
           "requesttype", "requestsource", "actiontaken", "owner", "status"]  # fmt: skip
TWCS = ["", "tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
        "in_response_to_tweet_id"]  # fmt: skip
BANK = ["vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry",
        "vru_exit", "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start",
        "ser_exit", "ser_time", "server"]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (SF, "sf311"),
        (LA_2017, "la311"),
        (LA_2020, "la311"),  # names match whatever their case
        (TWCS, "twcs"),  # not twcs-by-company: that one is never detected
        (BANK, "anonymous-bank"),
        (["contact_id", "channel", "created_at", "csat"], "canonical"),
        (["Contact ID", "Channel", "Created At", "Status", "Source"], "canonical"),
    ],
)
def test_the_header_picks_its_profile(header: list[str], name: str) -> None:
    choice = Detector().choose(header, file="f.csv", line=1)
    assert (choice.name, choice.detected) == (name, True)


def test_an_unknown_header_names_the_closest_profiles_and_what_they_miss() -> None:
    header = ["CaseID", "Opened", "Source", "Colour"]
    with pytest.raises(InputFileError) as info:
        Detector().choose(header, file="f.csv", line=3)
    assert info.value.message == errors.UNKNOWN_HEADER.format(
        where="f.csv:3",
        closest="sf311 (missing 'Category', 'Closed', 'Responsible.Agency', 'Status'); "
        "boston311 (missing 'case_enquiry_id', 'case_status', 'closed_dt', 'department' and 2 "
        "more); kansascity311 (missing 'CASE ID', 'CLOSED DATE', 'CREATION DATE', "
        "'CREATION TIME' and 3 more)",
    )


def test_a_canonical_looking_header_missing_a_required_column_says_which() -> None:
    with pytest.raises(InputFileError) as info:
        Detector().choose(["contact_id", "channel", "hold_seconds"], file="f.csv", line=1)
    assert info.value.message == errors.MISSING_COLUMN.format(
        file="f.csv", line=1, column="created_at"
    )


def _twin(name: str) -> dict[str, object]:
    return {
        "name": name,
        "title": name,
        "source_system": "tests",
        "columns": {
            "contact_id": {"from": "Ref"},
            "channel": {"from": "Medium"},
            "created_at": {"from": "Opened"},
        },
    }


def test_two_profiles_that_fit_equally_well_are_ambiguous() -> None:
    pool = [parse(_twin(n), origin="test", where=f"{n}.toml") for n in ("desk-a", "desk-b")]
    with pytest.raises(InputFileError) as info:
        Detector(pool=pool).choose(["Ref", "Medium", "Opened"], file="f.csv", line=1)
    assert info.value.message == errors.AMBIGUOUS_HEADER.format(
        where="f.csv:1", names="desk-a, desk-b"
    )


def test_the_profile_using_more_of_the_header_wins() -> None:
    richer = _twin("desk-rich")
    richer["columns"] = {**richer["columns"], "category": {"from": "Topic"}}  # type: ignore[dict-item]
    pool = [parse(_twin("desk-a"), origin="t", where="a"), parse(richer, origin="t", where="b")]
    choice = Detector(pool=pool).choose(["Ref", "Medium", "Opened", "Topic"], file="f", line=1)
    assert choice.name == "desk-rich"


def test_a_named_profile_that_does_not_fit_lists_the_missing_columns() -> None:
    detector = Detector(load_builtin("nyc311"))
    with pytest.raises(InputFileError) as info:
        detector.choose(SF, file="sf.csv", line=1)
    assert info.value.message == errors.PROFILE_MISSING_COLUMNS.format(
        where="sf.csv:1",
        profile="nyc311",
        columns="'Agency', 'Closed Date', 'Complaint Type', 'Created Date' and 2 more",
    )


def test_a_named_profile_is_used_even_when_it_is_not_detected() -> None:
    choice = Detector(load_builtin("twcs-by-company")).choose(TWCS, file="t.csv", line=1)
    assert (choice.name, choice.detected) == ("twcs-by-company", False)


def test_daily_aggregates_are_recognised_and_refused(tmp_path: Path) -> None:
    path = tmp_path / "metrics.csv"
    path.write_bytes(
        "\ufeffDate;CallsOffered;CallsHandled;CallsAbandoned;AverageSpeedofAnswer;ServiceLevel;"
        "BI_ID\n2024-09-30;478;477;1;0.80083857442348;0.99163179916318;1\n".encode()
    )
    with pytest.raises(InputFileError) as info:
        import_files(Store.memory(), [path])
    profile = load_builtin("vancouver311-daily-metrics")
    assert profile.refuse
    assert info.value.message == errors.PROFILE_REFUSED.format(
        file=path, title=profile.title, reason=profile.refuse
    )
    assert "not one row per contact" in info.value.message


def test_each_file_of_an_import_gets_its_own_profile(tmp_path: Path) -> None:
    canonical = write_csv(
        tmp_path / "calls.csv",
        ["contact_id", "channel", "created_at"],
        [["1", "phone", "2026-03-02T09:00:00Z"]],
    )
    nyc = write_csv(
        tmp_path / "nyc.csv",
        ["Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type", "Status",
         "Open Data Channel Type"],
        [["54046813", "05/01/2022 12:00:09 AM", "05/01/2022 12:07:46 AM", "NYPD",
          "Noise - Street/Sidewalk", "Closed", "ONLINE"]],
    )  # fmt: skip
    store = Store.memory()
    results = import_files(store, [canonical, nyc])
    assert [(r.profile, r.profile_detected) for r in results] == [
        ("canonical", True),
        ("nyc311", True),
    ]
    ledger = store.con.execute("SELECT file_name, profile FROM imports ORDER BY 1").fetchall()
    assert ledger == [("calls.csv", "canonical"), ("nyc.csv", "nyc311")]
    got = store.con.execute(
        "SELECT source, channel, subchannel FROM contacts ORDER BY 1"
    ).fetchall()
    assert got == [("canonical", "phone", None), ("nyc311", "web", "ONLINE")]


def test_profile_on_the_command_line_applies_to_every_file(tmp_path: Path) -> None:
    calls = write_csv(
        tmp_path / "calls.csv",
        ["contact_id", "channel", "created_at"],
        [["1", "phone", "2026-03-02T09:00:00Z"]],
    )
    with pytest.raises(InputFileError, match="needed by profile 'zendesk'"):
        import_files(Store.memory(), [calls], ImportOptions(profile="zendesk"))
