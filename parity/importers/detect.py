"""Which format a file is in: the canonical header, or one of the profiles.

Every candidate (the canonical format and each profile that takes part in
detection) names the columns it requires and the ones it can use. A header
*fits* a candidate when it has all the required ones. Among the fits, the one
that uses the most of the header's columns wins, then the one with the
larger share of its own columns present; a tie is ambiguous. With
`--profile`, that profile alone is tried. Every outcome that is not a clear
choice is a one-line error naming the file, the header line, the closest
candidates and the columns they miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parity import errors, schema
from parity.errors import InputFileError
from parity.importers.canonical import normalise_name
from parity.importers.profile_files import builtins
from parity.importers.profiles import Profile
from parity.importers.rebuild import registry

CANONICAL = "canonical"
CLOSEST = 3  # candidates named when a header fits none
MISSING_SHOWN = 4  # missing columns named per candidate


@dataclass(frozen=True, slots=True)
class Candidate:
    profile: Profile | None  # None: the canonical format
    required: dict[str, str]  # normalised name → name as the profile writes it
    optional: dict[str, str]

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else CANONICAL

    def names(self) -> set[str]:
        return set(self.required) | set(self.optional)


@dataclass(frozen=True, slots=True)
class Choice:
    profile: Profile | None  # None: canonical
    detected: bool  # chosen by matching the header (not named with --profile)

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else CANONICAL


@dataclass(frozen=True, slots=True)
class _Fit:
    candidate: Candidate
    missing: list[str]
    matched: int

    @property
    def share(self) -> float:
        return self.matched / max(len(self.candidate.names()), 1)


def candidate(profile: Profile) -> Candidate:
    """The header columns a profile needs: those it reads, less what a rebuild adds."""
    required, optional = profile.references()
    if profile.rebuild:
        rebuild = registry()[profile.rebuild]
        produced = {normalise_name(p) for p in rebuild.produces}
        required = {r for r in required if normalise_name(r) not in produced}
        required |= set(rebuild.required(profile.rebuild_options))
        optional = {o for o in optional if normalise_name(o) not in produced}
    return Candidate(profile, _keyed(required), _keyed(optional - required))


def canonical_candidate(*, channel_given: bool) -> Candidate:
    required = [n for n in schema.REQUIRED if not (n == "channel" and channel_given)]
    optional = [n for n in schema.NAMES if n not in required]
    return Candidate(None, _keyed(required), _keyed(optional))


def _keyed(names: Sequence[str] | set[str]) -> dict[str, str]:
    return {normalise_name(n): n for n in sorted(names)}


class Detector:
    """Chooses the format of each file of an import."""

    def __init__(
        self,
        requested: Profile | None = None,
        *,
        channel_given: bool = False,
        pool: Sequence[Profile] | None = None,
    ) -> None:
        """`requested`: the one profile to use; else detect among `pool` (the built-ins)."""
        self.requested = requested
        if requested is not None:
            self.candidates = [candidate(requested)]
        else:
            self.candidates = [canonical_candidate(channel_given=channel_given)]
            self.candidates += [candidate(p) for p in (pool or builtins()) if p.detect]

    def score(self, header: list[str]) -> int:
        """How well a candidate header row fits the best candidate (for finding the header)."""
        present = {normalise_name(h) for h in header}
        return max(len(c.names() & present) for c in self.candidates)

    def choose(self, header: Sequence[str], *, file: object, line: int | None) -> Choice:
        present = {normalise_name(h) for h in header}
        fits = [
            _Fit(
                c, [c.required[k] for k in c.required if k not in present], len(c.names() & present)
            )
            for c in self.candidates
        ]
        where = f"{file}:{line or 1}"
        if self.requested is not None:
            return _requested(fits[0], file=file, where=where)
        full = [f for f in fits if not f.missing]
        if full:
            best = max(full, key=lambda f: (f.matched, f.share))
            tied = [f for f in full if (f.matched, f.share) == (best.matched, best.share)]
            if len(tied) > 1:
                raise InputFileError(
                    errors.AMBIGUOUS_HEADER.format(
                        where=where, names=", ".join(f.candidate.name for f in tied)
                    )
                )
            _refuse(best.candidate.profile, file=file)
            return Choice(best.candidate.profile, detected=True)
        top = max(f.matched for f in fits)
        canonical = fits[0]
        if canonical.matched and canonical.matched == top:
            raise InputFileError(
                errors.MISSING_COLUMN.format(file=file, line=line or 1, column=canonical.missing[0])
            )
        closest = sorted(
            (f for f in fits if f.candidate.profile is not None and f.matched),
            key=lambda f: (-f.matched, len(f.missing), f.candidate.name),
        )[:CLOSEST]
        described = "; ".join(f"{f.candidate.name} (missing {_listed(f.missing)})" for f in closest)
        raise InputFileError(
            errors.UNKNOWN_HEADER.format(where=where, closest=described or "none is close")
        )


def _requested(fit: _Fit, *, file: object, where: str) -> Choice:
    if fit.missing:
        raise InputFileError(
            errors.PROFILE_MISSING_COLUMNS.format(
                where=where, profile=fit.candidate.name, columns=_listed(fit.missing)
            )
        )
    _refuse(fit.candidate.profile, file=file)
    return Choice(fit.candidate.profile, detected=False)


def _refuse(profile: Profile | None, *, file: object) -> None:
    if profile is not None and profile.refuse:
        raise InputFileError(
            errors.PROFILE_REFUSED.format(file=file, title=profile.title, reason=profile.refuse)
        )


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:MISSING_SHOWN])
    more = len(names) - MISSING_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")
