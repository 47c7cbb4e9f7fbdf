"""parity.toml: per-channel thresholds and margins, the summary table, errors with key and
line, and the starter file `parity init` writes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from parity import api, config, starter
from parity.config import Settings, default_thresholds, half
from parity.errors import ConfigError
from parity.stats import Level, MetricThresholds, RateCounts, compare_all
from tests.conftest import SAMPLE_DATA


def load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "parity.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path)


def test_the_starter_file_loads_and_states_every_default(tmp_path: Path) -> None:
    settings = load(tmp_path, starter.text())
    defaults = Settings()
    for key in ("reference", "alpha", "min_contacts", "timezone", "follow_up_days"):
        assert getattr(settings, key) == getattr(defaults, key), key
    assert settings.pseudonym_key is None
    assert dict(settings.aliases) == {}
    for metric in config.METRICS:
        assert settings.threshold(metric) == defaults.threshold(metric), metric
        assert settings.margin(metric) == defaults.margin(metric), metric
    assert not settings.channel_thresholds


def test_init_writes_the_starter_and_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    target = tmp_path / "parity.toml"
    first = cli("init", target)
    assert first.exit_code == 0, first.stderr
    assert target.read_text(encoding="utf-8") == starter.text()
    assert config.load(target).source == target
    target.write_text("# mine\n", encoding="utf-8")
    again = cli("init", target)
    assert again.exit_code == 2
    assert again.stderr == f"parity: error: {target} already exists; pass --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "# mine\n"
    forced = cli("init", target, "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") == starter.text()
    printed = cli("init", "-")
    assert printed.stdout == starter.text()


def test_margins_default_to_half_the_warn_level_that_applies(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        """
[aliases]
twitter = "social"
[thresholds.remedy_rate]
warn = 0.08
fail = 0.20
[thresholds.remedy_rate.channels.twitter]
fail = 0.40
margin = 0.01
[thresholds.csat]
margin = 0.2
[thresholds.csat.channels.email]
warn = 0.5
""",
    )
    assert settings.threshold("remedy_rate", "social") == MetricThresholds(Level(0.08), Level(0.40))
    assert settings.threshold("remedy_rate", "chat") == MetricThresholds(Level(0.08), Level(0.20))
    assert settings.margin("remedy_rate", "social") == Level(0.01)
    assert settings.margin("remedy_rate", "chat") == Level(0.04)
    assert settings.margin("csat", "email") == Level(0.2)  # the metric's explicit margin
    assert settings.margin("first_response_time") == half(
        default_thresholds("first_response_time").warn
    )
    assert settings.margin("first_response_time") == Level(30.0, 0.125)
    assert settings.threshold_channels() == {"social", "email"}


def test_summary_follow_up_days(tmp_path: Path) -> None:
    assert load(tmp_path, "[summary]\nfollow_up_days = 7\n").follow_up_days == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("alpha = 0.05\ncolour = 'red'\n", "2: colour: unknown key"),
        ("\n\nalpha = 2\n", "3: alpha: must be a number between 0 and 1"),
        ("[thresholds.speed]\nwarn = 1\n", "1: thresholds.speed: unknown metric"),
        (
            "[thresholds.remedy_rate]\nwarn = 0.05\n\n[thresholds.remedy_rate.channels.social]\n"
            "warn = 'high'\n",
            "5: thresholds.remedy_rate.channels.social.warn: must be a number ≥ 0",
        ),
        (
            "[thresholds.remedy_rate.channels.social]\nwarn = 0.3\n",
            "2: thresholds.remedy_rate.channels.social.warn: is above the fail level it inherits",
        ),
        (
            "[thresholds.csat]\nwarn = 0.3\nmargin = -1\n",
            "3: thresholds.csat.margin: must be a number ≥ 0",
        ),
        (
            "[thresholds.first_response_time]\nmargin = 30\n",
            "2: thresholds.first_response_time.margin: must be a table",
        ),
        ("[summary]\nfollow_up_days = -1\n", "2: summary.follow_up_days: must be a whole number"),
        ("[summary]\nperiod = 'week'\n", "2: summary.period: unknown key"),
        ("alpha = 0.05\nreference = \n", "2:13: not valid TOML: Invalid value"),
    ],
)
def test_config_errors_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert str(caught.value).startswith(f"{tmp_path / 'parity.toml'}:{message}")


def test_a_config_error_is_one_line_and_exit_2(cli, tmp_path: Path) -> None:
    path = tmp_path / "parity.toml"
    path.write_text("[thresholds.csat]\nwarn = 0.9\nfail = 0.5\n", encoding="utf-8")
    run = cli("report", SAMPLE_DATA, "--config", path)
    assert run.exit_code == 2
    assert run.stderr == (
        f"parity: error: {path}:3: thresholds.csat.fail: must not be below warn\n"
    )


def test_compare_all_takes_levels_per_channel() -> None:
    sample = {"": RateCounts(300, 1000)}  # 30 % against 10 %: a 20-point gap
    levels = {
        "a": MetricThresholds(Level(0.05), Level(0.10)),
        "b": MetricThresholds(Level(0.05), Level(0.25)),
    }
    results = compare_all(
        {"remedy_rate": {"ref": {"": RateCounts(100, 1000)}, "a": sample, "b": sample}},
        reference="ref",
        thresholds_for=lambda metric, channel: levels[channel],
    )
    assert {r.channel: r.severity for r in results} == {"a": "fail", "b": "warn"}
    assert {r.channel: r.thresholds for r in results} == levels


def test_reports_apply_per_channel_thresholds(tmp_path: Path) -> None:
    plain = api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), Settings())
    settings = config.parse(
        tomllib.loads("[thresholds.remedy_rate.channels.social]\nfail = 0.9\n"),
        path=tmp_path / "parity.toml",
    )
    tuned = api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), settings)

    def severity(report: api.Report, channel: str) -> str:
        (c,) = [c for c in report.comparisons if (c.metric, c.channel) == ("remedy_rate", channel)]
        return c.severity

    assert severity(plain, "social") == "fail"
    assert severity(tuned, "social") == "warn"  # still flagged, but below its own fail level
    assert severity(tuned, "email") == severity(plain, "email")


def test_memory_limit_is_a_size(tmp_path):
    from parity import config as cfg

    good = tmp_path / "good.toml"
    good.write_text('memory_limit = "2GB"\n')
    assert cfg.load(good).memory_limit == "2GB"
    bad = tmp_path / "bad.toml"
    bad.write_text('memory_limit = "lots"\n')
    with pytest.raises(cfg.ConfigError, match=r"bad.toml:1: memory_limit: must be a size"):
        cfg.load(bad)


def test_the_memory_limit_reaches_duckdb(tmp_path, monkeypatch):
    from parity.store import Store

    store = Store.memory(memory_limit="300MB")
    try:
        (limit,) = store.con.execute("SELECT current_setting('memory_limit')").fetchone()  # type: ignore[misc]
        spill = store.spill
        assert spill is not None
        assert spill.is_dir()
    finally:
        store.close()
    assert limit in ("300.0 MB", "286.1 MiB", "300MB", "286.1MiB")
    assert not spill.exists()  # the private spill folder goes with the store
