"""Building HTML and SVG where every value is escaped unless the code made it markup.

`Markup` is text that is already HTML: only `el`, `join` and `raw` (for fixed
strings written in this code base, never data) produce it. Anything else handed
to `el` — a channel name, a file name, a number — is escaped, in text and in
attribute values alike, so a channel called `<script>alert(1)</script>` shows
as those characters and runs nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = ["Child", "Markup", "el", "escape", "join", "raw"]


class Markup(str):
    """Text that is HTML already: inserted as is."""

    __slots__ = ()


Child = Markup | str | int | float | None

_VOID = frozenset({"br", "hr", "meta", "link", "img", "input", "col", "wbr"})


def escape(value: object) -> Markup:
    """`value` as text that displays verbatim in HTML and in attribute values."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def raw(text: str) -> Markup:
    """A fixed string of this code base that is markup (a style sheet, an entity)."""
    return Markup(text)


def join(children: Iterable[Child], sep: str = "") -> Markup:
    """Children escaped as needed and concatenated; None is left out."""
    return Markup(escape(sep).join(escape(c) for c in children if c is not None))


def _attribute(name: str, value: object) -> str:
    """One attribute: `class_` → class, `aria_label` → aria-label; True stands bare."""
    key = name.rstrip("_").replace("_", "-")
    if value is True:
        return f" {key}"
    if isinstance(value, float):
        value = f"{value:.1f}".rstrip("0").rstrip(".")
    return f' {key}="{escape(value)}"'


def el(tag: str, *children: Child | Iterable[Child], **attributes: object) -> Markup:
    """`<tag attributes>children</tag>`; lists of children are flattened one level."""
    attrs = "".join(
        _attribute(k, v) for k, v in attributes.items() if v is not None and v is not False
    )
    if tag in _VOID:
        return Markup(f"<{tag}{attrs}>")
    flat: list[Child] = []
    for child in children:
        if isinstance(child, str | int | float) or child is None:
            flat.append(child)
        else:
            flat.extend(child)
    return Markup(f"<{tag}{attrs}>{join(flat)}</{tag}>")
