"""Profile files: the built-in ones, a user's by path, read and checked.

Built-in profiles are `parity/importers/profiles/*.toml`, found with
importlib.resources (so they work from a wheel), by the `name` inside each.
Every key and value is checked; a mistake is one line naming the file and the
key. The format is documented in docs/importers.md. A profile may `extends`
a built-in one: it inherits its columns, skip rules, time zone and rebuild,
replaces the columns it names and removes those listed in `drop`.
"""

from __future__ import annotations

import tomllib
import zoneinfo
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parity import errors, schema
from parity.importers.canonical import normalise_name
from parity.importers.profiles import (
    UNITS,
    ColumnSpec,
    Combine,
    Condition,
    Op,
    Profile,
    ProfileError,
    SkipRule,
)
from parity.importers.rebuild import registry
from parity.schema import Kind

_TOP_KEYS = {
    "name", "title", "source_system", "description", "timezone", "rebuild", "rebuild_options",
    "extends", "drop", "detect", "refuse", "detect_columns", "columns", "skip",
}  # fmt: skip
_COLUMN_KEYS = {
    "from", "first_of", "value", "when_all", "optional", "null_values", "map", "default",
    "format", "unit", "after", "true", "false", "otherwise", "nonzero", "if_empty", "only_if",
}  # fmt: skip


def builtin_names() -> list[str]:
    return sorted(_builtin_sources())


def builtins() -> list[Profile]:
    return [load_builtin(name) for name in builtin_names()]


@cache
def _builtin_sources() -> dict[str, str]:
    folder = resources.files("parity.importers") / "profiles"
    found: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            text = entry.read_text(encoding="utf-8")
            name = _raw(text, f"profiles/{entry.name}").get("name")
            if not isinstance(name, str):
                raise ProfileError(f"profiles/{entry.name}: name: missing")
            found[name] = entry.name
    return found


@cache
def load_builtin(name: str) -> Profile:
    sources = _builtin_sources()
    if name not in sources:
        raise ProfileError(
            errors.UNKNOWN_PROFILE.format(name=name, names=", ".join(sorted(sources)))
        )
    filename = sources[name]
    text = (resources.files("parity.importers") / "profiles" / filename).read_text("utf-8")
    return parse(_raw(text, f"profiles/{filename}"), origin="built-in", where=filename)


def resolve(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path (`--profile`)."""
    path = Path(name_or_path)
    if path.suffix.lower() == ".toml" or len(path.parts) > 1:
        if not path.is_file():
            raise ProfileError(errors.FILE_NOT_FOUND.format(file=path))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(
                errors.UNREADABLE.format(file=path, what="a profile", reason=str(exc))
            ) from exc
        return parse(_raw(text, str(path)), origin=str(path), where=str(path))
    return load_builtin(name_or_path)


def _raw(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where}: not valid TOML: {exc}") from exc


def parse(data: Mapping[str, Any], *, origin: str, where: str) -> Profile:
    """Validate the TOML of a profile; `extends` pulls in the built-in profile it names."""
    _known(data, _TOP_KEYS, where, "")
    base = None
    if "extends" in data:
        try:
            base = load_builtin(_text(data, "extends", where))
        except ProfileError as exc:
            raise ProfileError(f"{where}: extends: {exc.message}") from exc
    name = _text(data, "name", where)
    columns: dict[str, ColumnSpec] = dict(base.columns) if base else {}
    raw_columns = data.get("columns", {})
    if not isinstance(raw_columns, dict):
        raise ProfileError(f"{where}: columns: must be a table of canonical column names")
    for target, spec in raw_columns.items():
        columns[target] = _column(target, spec, where)
    for target in _strings(data.get("drop", []), where, "drop"):
        if columns.pop(target, None) is None:
            raise ProfileError(f"{where}: drop: '{target}' is not a column of the profile")
    for required in schema.REQUIRED:
        if required not in columns and not data.get("refuse"):
            raise ProfileError(f"{where}: columns.{required}: missing (the column is required)")
    for spec in columns.values():
        if spec.after is not None and (
            spec.after not in columns or columns[spec.after].after is not None
        ):
            raise ProfileError(
                f"{where}: columns.{spec.target}.after: '{spec.after}' must be another "
                "timestamp column of the profile that is not itself counted from one"
            )
    skips = base.skips if base and "skip" not in data else _skips(data.get("skip", []), where)
    timezone = data.get("timezone", base.timezone if base else None)
    if timezone is not None:
        _zone(timezone, where)
    rebuild = data.get("rebuild", base.rebuild if base else None)
    options = data.get("rebuild_options", base.rebuild_options if base else {})
    _check_rebuild(rebuild, options, where)
    detect = data.get("detect", True)
    if not isinstance(detect, bool):
        raise ProfileError(f"{where}: detect: must be true or false")
    return Profile(
        name=name,
        title=_text(data, "title", where),
        source_system=_text(data, "source_system", where),
        description=str(data.get("description", "")).strip(),
        origin=origin,
        columns=columns,
        skips=skips,
        timezone=timezone,
        rebuild=rebuild,
        rebuild_options=dict(options),
        detect=detect,
        refuse=data.get("refuse"),
        detect_columns=_names(data.get("detect_columns", []), where, "detect_columns"),
    )


def _check_rebuild(rebuild: Any, options: Any, where: str) -> None:
    if rebuild is None:
        return
    known = registry()
    if rebuild not in known:
        raise ProfileError(f"{where}: rebuild: '{rebuild}' is not one of {', '.join(known)}")
    if not isinstance(options, dict) or not all(isinstance(v, str) for v in options.values()):
        raise ProfileError(f"{where}: rebuild_options: must be a table of text values")
    try:
        known[rebuild].required(options)
    except KeyError as exc:
        raise ProfileError(f"{where}: rebuild_options.{exc.args[0]}: missing") from exc


def _column(target: str, spec: Any, where: str) -> ColumnSpec:
    key = f"columns.{target}"
    if target not in schema.BY_NAME:
        raise ProfileError(f"{where}: {key}: not a canonical column (see docs/schema.md)")
    if not isinstance(spec, dict):
        raise ProfileError(f"{where}: {key}: must be a table")
    _known(spec, _COLUMN_KEYS, where, key + ".")
    kind = schema.BY_NAME[target].kind
    given = [k for k in ("from", "first_of", "value", "when_all") if k in spec]
    if len(given) != 1:
        raise ProfileError(f"{where}: {key}: needs exactly one of from, first_of, value, when_all")
    sources: tuple[str, ...] = ()
    combine: Combine = "single"
    if "from" in spec:
        if isinstance(spec["from"], list):
            sources, combine = _names(spec["from"], where, key + ".from"), "join"
        else:
            sources = (_text(spec, "from", where, key + "."),)
    elif "first_of" in spec:
        sources, combine = _names(spec["first_of"], where, key + ".first_of"), "first_of"
    value = None if "value" not in spec else _text(spec, "value", where, key + ".")
    when_all = _conditions(spec.get("when_all", []), where, key + ".when_all")
    if when_all and kind not in (Kind.BOOLEAN, Kind.COUNT):
        raise ProfileError(f"{where}: {key}.when_all: only for flag and count columns")
    mapping = spec.get("map")
    if mapping is not None:
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ProfileError(f"{where}: {key}.map: must be a table of text values")
        mapping = {str(k).strip().lower(): v for k, v in mapping.items()}
    formats = _strings(spec.get("format", []), where, key + ".format")
    if formats and kind is not Kind.TIMESTAMP:
        raise ProfileError(f"{where}: {key}.format: only for timestamp columns")
    unit = spec.get("unit")
    if unit is not None and unit not in UNITS:
        raise ProfileError(f"{where}: {key}.unit: must be one of {', '.join(UNITS)}")
    after = spec.get("after")
    if after is not None and kind is not Kind.TIMESTAMP:
        raise ProfileError(f"{where}: {key}.after: only for timestamp columns")
    if unit is not None and kind is not Kind.DURATION and after is None:
        raise ProfileError(f"{where}: {key}.unit: only for durations (or with after)")
    true_words = tuple(w.lower() for w in _strings(spec.get("true", []), where, key + ".true"))
    false_words = tuple(w.lower() for w in _strings(spec.get("false", []), where, key + ".false"))
    otherwise = spec.get("otherwise")
    nonzero = spec.get("nonzero", False)
    if (true_words or false_words or otherwise is not None or nonzero) and kind is not Kind.BOOLEAN:
        raise ProfileError(f"{where}: {key}: true/false/otherwise/nonzero only for flag columns")
    if not isinstance(nonzero, bool) or (nonzero and (true_words or false_words)):
        raise ProfileError(f"{where}: {key}.nonzero: true or false, and not with word lists")
    if otherwise is not None and not isinstance(otherwise, bool):
        raise ProfileError(f"{where}: {key}.otherwise: must be true or false")
    optional = spec.get("optional", False)
    if not isinstance(optional, bool):
        raise ProfileError(f"{where}: {key}.optional: must be true or false")
    if optional and target in schema.REQUIRED:
        raise ProfileError(f"{where}: {key}.optional: a required column cannot be optional")
    return ColumnSpec(
        target=target,
        sources=sources,
        combine=combine,
        value=value,
        when_all=when_all,
        optional=optional,
        null_values=_strings(spec.get("null_values", []), where, key + ".null_values"),
        mapping=mapping,
        default=None if "default" not in spec else _text(spec, "default", where, key + "."),
        formats=formats,
        unit=unit,
        after=after,
        true_words=true_words,
        false_words=false_words,
        otherwise=otherwise,
        nonzero=nonzero,
        if_empty=None if "if_empty" not in spec else _text(spec, "if_empty", where, key + "."),
        only_if=_conditions(spec.get("only_if", []), where, key + ".only_if"),
    )


def _skips(items: Any, where: str) -> tuple[SkipRule, ...]:
    if not isinstance(items, list):
        raise ProfileError(f"{where}: skip: must be an array of tables ([[skip]])")
    rules = []
    for i, item in enumerate(items):
        key = f"skip[{i}]"
        if not isinstance(item, dict):
            raise ProfileError(f"{where}: {key}: must be a table")
        _known(item, {"reason", "why", "when"}, where, key + ".")
        reason = _text(item, "reason", where, key + ".")
        if not reason.replace("_", "").isalnum() or not reason.islower():
            raise ProfileError(f"{where}: {key}.reason: use a lower_case_slug")
        when = _conditions(item.get("when", []), where, key + ".when")
        if not when:
            raise ProfileError(f"{where}: {key}.when: needs at least one condition")
        rules.append(SkipRule(reason, _text(item, "why", where, key + "."), when))
    return tuple(rules)


def _conditions(items: Any, where: str, key: str) -> tuple[Condition, ...]:
    if not isinstance(items, list):
        raise ProfileError(f"{where}: {key}: must be an array of conditions")
    out = []
    for i, item in enumerate(items):
        here = f"{key}[{i}]"
        if not isinstance(item, dict) or "column" not in item:
            raise ProfileError(f"{where}: {here}: must be a table with a column")
        _known(item, {"column", "in", "not_in", "present"}, where, here + ".")
        ops = [k for k in ("in", "not_in", "present") if k in item]
        if len(ops) != 1:
            raise ProfileError(f"{where}: {here}: needs exactly one of in, not_in, present")
        column = _text(item, "column", where, here + ".")
        if ops[0] == "present":
            if not isinstance(item["present"], bool):
                raise ProfileError(f"{where}: {here}.present: must be true or false")
            out.append(Condition(column, "present" if item["present"] else "absent"))
        else:
            words = _strings(item[ops[0]], where, f"{here}.{ops[0]}")
            op: Op = "in" if ops[0] == "in" else "not_in"
            out.append(Condition(column, op, tuple(w.strip().lower() for w in words)))
    return tuple(out)


def _known(table: Mapping[str, Any], keys: set[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in keys:
            raise ProfileError(
                f"{where}: {prefix}{key}: unknown key; expected one of {', '.join(sorted(keys))}"
            )


def _text(table: Mapping[str, Any], key: str, where: str, prefix: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"{where}: {prefix}{key}: must be a non-empty text")
    return value


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where}: {key}: must be a text or a list of texts")
    return tuple(value)


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    names = _strings(value, where, key)
    if any(not normalise_name(n) for n in names):
        raise ProfileError(f"{where}: {key}: column names must not be empty")
    return names


def _zone(name: Any, where: str) -> None:
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ProfileError(f"{where}: timezone: '{name}' is not an IANA time zone") from exc
