"""Profile files: the built-in ones load, a user's file works, every mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity import errors, schema
from parity.importers.pipeline import ImportOptions, import_files
from parity.importers.profile_files import builtin_names, builtins, load_builtin, resolve
from parity.importers.profiles import ProfileError
from parity.store import Store
from tests.conftest import ROOT, write_csv

BUILT_IN = {
    "amazon-connect", "anonymous-bank", "anonymous-bank-by-class", "anonymous-bank-by-service",
    "boston311", "kansascity311", "la311", "nyc311", "sf311", "twcs", "twcs-by-company",
    "vancouver311-daily-metrics", "zammad", "zendesk",
}  # fmt: skip


def test_every_built_in_profile_loads_and_maps_the_required_columns() -> None:
    assert set(builtin_names()) == BUILT_IN
    for profile in builtins():
        assert profile.title
        assert profile.source_system
        assert profile.description
        if profile.refuse:
            assert not profile.columns
            continue
        assert set(schema.REQUIRED) <= set(profile.columns), profile.name


def test_no_profile_turns_a_status_or_queue_time_into_hold() -> None:
    """FIELD-NOTES: Zendesk on-hold and Zammad pending are ticket states, not phone holds."""
    holders = {p.name for p in builtins() if "hold_seconds" in p.columns}
    assert holders == {"amazon-connect"}
    hold = load_builtin("amazon-connect").columns["hold_seconds"]
    assert hold.sources == ("Agent.CustomerHoldDuration",)
    assert [(c.column, c.values) for c in hold.only_if] == [("Channel", ("voice",))]


def test_a_variant_extends_its_parent_and_drops_columns() -> None:
    parent, child = load_builtin("twcs"), load_builtin("twcs-by-company")
    assert not child.detect
    assert parent.detect
    assert child.rebuild == parent.rebuild == "twcs"
    assert child.columns["channel"].sources == ("company",)
    assert child.columns["channel"].if_empty == "unknown"
    assert "agent_team" in parent.columns
    assert "agent_team" not in child.columns
    assert child.columns["created_at"] == parent.columns["created_at"]


def test_unknown_profile_name_lists_the_built_in_ones() -> None:
    with pytest.raises(ProfileError) as info:
        resolve("salesforce")
    assert info.value.message == errors.UNKNOWN_PROFILE.format(
        name="salesforce", names=", ".join(sorted(BUILT_IN))
    )


def test_a_missing_profile_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such file"):
        resolve(str(tmp_path / "nope.toml"))


USER_PROFILE = """
name = "helpdesk-x"
title = "Helpdesk X export"
source_system = "Helpdesk X"
timezone = "Europe/Paris"

[columns.contact_id]
from = "Ticket #"

[columns.channel]
from = "Origin"
map = { "E-Mail" = "email", "Phone" = "phone" }

[columns.created_at]
from = "Opened"
format = "%d.%m.%Y %H:%M"

[columns.first_response_at]
from = "First answer (min)"
after = "created_at"
unit = "minutes"
"""


def test_a_users_profile_file_imports_their_export(tmp_path: Path) -> None:
    profile = tmp_path / "x.toml"
    profile.write_text(USER_PROFILE)
    export = write_csv(
        tmp_path / "x.csv",
        ["Ticket #", "Origin", "Opened", "First answer (min)"],
        [["7", "E-Mail", "02.03.2026 09:00", "90"], ["8", "Phone", "02.03.2026 10:30", ""]],
    )
    store = Store.memory(key="test-key-0123456789")
    (result,) = import_files(store, [export], ImportOptions(profile=str(profile)))
    assert (result.profile, result.profile_detected, result.rows_loaded) == ("helpdesk-x", False, 2)
    rows = store.con.execute(
        "SELECT contact_id, channel, strftime(created_at AT TIME ZONE 'UTC', '%H:%M'), "
        "epoch(first_response_at) - epoch(created_at) FROM contacts ORDER BY contact_id"
    ).fetchall()
    # 09:00 in Paris is 08:00 UTC in winter; 90 minutes is 5400 s
    assert rows == [("7", "email", "08:00", 5400.0), ("8", "phone", "09:30", None)]
    ledger = store.con.execute("SELECT profile, source FROM imports").fetchall()
    assert ledger == [("helpdesk-x", "helpdesk-x")]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('title = "Helpdesk X export"', ""), "title: must be a non-empty text"),
        (('timezone = "Europe/Paris"', 'timezone = "Mars/Olympus"'), "timezone: 'Mars/Olympus'"),
        (("[columns.channel]", "[columns.chanel]"), "columns.chanel: not a canonical column"),
        (('unit = "minutes"', 'unit = "fortnights"'), "columns.first_response_at.unit: must be"),
        (('after = "created_at"', 'after = "resolved_at"'), "columns.first_response_at.after"),
        (('from = "Origin"', 'from = "Origin"\ncolour = "red"'), "columns.channel.colour: unknown"),
        (('format = "%d.%m.%Y %H:%M"', "format = 3"), "columns.created_at.format: must be a text"),
        (("[columns.contact_id]\nfrom", "[columns.contact_id]\nvalue = 'x'\nfrom"), "exactly one"),
        (('name = "helpdesk-x"', 'name = "helpdesk-x"\nrebuild = "magic"'), "rebuild: 'magic'"),
        (('name = "helpdesk-x"', 'name = "helpdesk-x"\nextends = "nope"'), "unknown profile"),
        (("[columns.contact_id]", "[columns.id]"), "columns.id: not a canonical column"),
        (('name = "helpdesk-x"', 'name = "helpdesk-x"\nrebuild = "latest"'), "rebuild_options.key"),
        (("= { ", "= { oops"), "not valid TOML"),
    ],
)
def test_each_mistake_in_a_profile_names_the_file_and_key(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    old, new = edit
    assert old in USER_PROFILE
    path = tmp_path / "bad.toml"
    path.write_text(USER_PROFILE.replace(old, new, 1))
    with pytest.raises(ProfileError) as info:
        resolve(str(path))
    assert info.value.message.startswith(f"{path}: ")
    assert message in info.value.message
    assert "\n" not in info.value.message


def test_a_profile_without_a_required_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(USER_PROFILE.replace('[columns.contact_id]\nfrom = "Ticket #"\n', ""))
    with pytest.raises(ProfileError, match=r"columns\.contact_id: missing"):
        resolve(str(path))


def test_the_worked_example_of_docs_importers_runs(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "importers.md").read_text()
    example = doc.split("## Writing a profile", 1)[1]
    export = example.split("```csv\n", 1)[1].split("```", 1)[0]
    profile = example.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "tickets.csv").write_text(export)
    (tmp_path / "helpdesk-x.toml").write_text(profile)
    store = Store.memory(key="test-key-0123456789")
    options = ImportOptions(profile=str(tmp_path / "helpdesk-x.toml"))
    (result,) = import_files(store, [tmp_path / "tickets.csv"], options)
    assert (result.profile, result.rows_loaded, result.skipped_by_reason) == (
        "helpdesk-x",
        2,
        {"outbound_call": 1},
    )
    got = store.con.execute(
        "SELECT contact_id, channel, subchannel, strftime(created_at AT TIME ZONE 'UTC', '%H:%M'), "
        "epoch(first_response_at) - epoch(created_at), epoch(resolved_at) - epoch(created_at), "
        "csat FROM contacts ORDER BY contact_id"
    ).fetchall()
    assert got == [
        ("7", "email", "E-Mail", "08:00", 5400.0, 22200.0, 4.0),
        ("8", "phone", "Phone", "09:30", None, None, None),
    ]
