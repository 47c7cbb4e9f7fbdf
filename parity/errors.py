"""Typed library exceptions, translated once at the CLI edge (SPEC §3).

A `UserError` means the input or invocation is wrong (exit 2); an
`EnvironmentFailure` means the machine failed us (exit 3). Both carry one
line of text, already safe to print: no raw customer data, no traceback.
Messages are templates kept here so tests can assert them word for word.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    THRESHOLD_BREACHED = 1
    USER_ERROR = 2
    ENVIRONMENT_FAILURE = 3
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a process ended by Ctrl-C


# Message templates. Placeholders are filled with str.format.
FILE_NOT_FOUND = "{file}: no such file or directory"
FILE_EMPTY = "{file}: the file is empty; nothing to import"
NO_HEADER = (
    "{file}: no header found: no line holds the canonical columns ({required}) "
    "or the columns of a profile; pass --profile NAME (see `parity profiles`)"
)
MISSING_COLUMN = (
    "{file}:{line}: required column '{column}' is missing from the header; "
    "rename the column or pass --profile NAME"
)
UNKNOWN_PROFILE = (
    "unknown profile '{name}'; built-in profiles: {names}; or pass the path of a profile .toml file"
)
PROFILE_MISSING_COLUMNS = (
    "{where}: the header lacks {columns}, needed by profile '{profile}'; "
    "check the export or choose another profile (see `parity profiles`)"
)
UNKNOWN_HEADER = (
    "{where}: the header fits neither the canonical format nor any profile; "
    "closest: {closest}; pass --profile NAME (see `parity profiles`)"
)
AMBIGUOUS_HEADER = (
    "{where}: the header fits several profiles equally well ({names}); pass --profile NAME"
)
PROFILE_REFUSED = "{file}: this is {title}: {reason}"
DUPLICATE_COLUMN = "{file}:{line}: column '{column}' appears twice in the header"
UNSUPPORTED_FORMAT = (
    "{file}: cannot tell the format from the name; "
    "use .csv, .tsv, .txt, .parquet, .jsonl or .ndjson"
)
UNRECONCILED = (
    "{file}: DuckDB read {engine} records but the file holds {counted}; refusing to import "
    "a partial file (check quoting and line endings)"
)
UNREADABLE = "{file}: cannot be read as {what}: {reason}"
NOT_TEXT = "{file}: not a text file ({what})"
CLOCK_TOO_FINE = (
    "business clock: opening times on {seconds}-second steps over {days:,} days since the "
    "first contact need {slots:,} slots, more than {limit:,}; put opening hours on the quarter "
    "hour, or check for contacts dated long before the rest"
)
SECOND_HEADER = (
    "{file}:{line}: a second header: the file holds more than one table (exports "
    "concatenated?); split it into one file per table"
)
NO_DATA = (
    "no contacts to report on: import files first (`parity import FILE`) or pass files to report"
)
UNKNOWN_REFERENCE = (
    "reference channel '{reference}' has no contacts; channels present: {channels}; "
    "pass --reference NAME"
)
BAD_DATE = "{option}: '{value}' is not a date (use YYYY-MM-DD or an ISO 8601 timestamp)"
DB_NOT_FOUND = "{file}: no database here; run `parity import FILE --db {file}` first"
DB_LOCKED = "{file}: the database is in use by another process ({holder}); {advice}"
LOCK_ADVICE = "pass --wait SECONDS to wait for it"
LOCK_WAITED = "it was still locked after waiting {wait:g} s; try again later"
DB_NOT_PARITY = "{file}: not a parity database ({reason})"
CHECKPOINT_FAILED = (
    "{file}: the changes are committed but could not be written into the database file "
    "({reason}); free some space: they are kept in {file}.wal and applied when the "
    "database is next opened"
)
OUTPUT_UNWRITABLE = "{file}: cannot write output: {reason}"


INTERRUPTED = "parity: interrupted; no partial change was written (an import is all or nothing)"


class ParityError(Exception):
    """Base of every error parity reports to a user in one line."""

    exit_code: ExitCode = ExitCode.USER_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(ParityError):
    """The user's input or invocation is wrong (exit 2)."""

    exit_code = ExitCode.USER_ERROR


class InputFileError(UserError):
    """A file cannot be imported as given."""


class ConfigError(UserError):
    """The configuration file or an option is invalid."""


class NoData(UserError):
    """No contacts in the report's scope (NO_DATA): for a week of a trend, a week without any."""

    def __init__(self) -> None:
        super().__init__(NO_DATA)


class EnvironmentFailure(ParityError):
    """The environment failed: lock held, disk full, out of memory (exit 3)."""

    exit_code = ExitCode.ENVIRONMENT_FAILURE


def display_path(path: Path | str) -> str:
    """A path as the user gave it, for messages."""
    return str(path)
