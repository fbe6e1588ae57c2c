"""Located data errors: every problem names its file, line, column and field, and its code.

    DataError(file, line, column, field, code, **params)

`code` is a key of the catalogue (generator/data/messages.py), `params` fill its message
templates (an unknown code or a missing parameter is a TypeError/KeyError at once). An error
gives:

    .file .line .column .field .code   where and what (line 0: the whole file)
    .params / .parameters              the parameters, as shown (tuple of pairs / dict)
    .message, .text("zh")              the message in English / in Chinese
    .hint(lang), .explanation(lang)    how to fix it, what the rule is
    str(error)                         file:line:col: field: [code] message

`DataErrors(errors)` is the exception carrying them all (sorted, without repeats); its
`report()` is the terminal report. generator/data/report.py renders a list of errors for a
terminal, GitHub (workflow commands), GitLab (Code Quality JSON) and HTML (escaped).
`Problem(code, **params)` is an error not yet located (the rules of meaning.py return them).
"""

from __future__ import annotations

from typing import Any

from . import messages


def _param(value: Any) -> str:
    """A parameter as messages show it: 0 rather than 0.0, 12.5 rather than 12.500, and no
    control character. Parameters come from the data (a term, a quote, a file name): a line
    break in one must not start a line of the report, where CI would read `::command::` as
    a workflow command, nor an escape sequence reach a terminal."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class Problem:
    """A problem not yet located: a code and its parameters (the rules of generator/data/meaning.py
    return these; the caller knows where they are)."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        messages.kind(code)  # KeyError: a code that is not in the catalogue
        self.code, self.params = code, params

    def text(self, lang: str) -> str:
        return messages.render(self.code, {k: _param(v) for k, v in self.params.items()}, lang)

    @property
    def message(self) -> str:
        return self.text("en")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.code, self.params) == (other.code, other.params)

    def __repr__(self) -> str:
        return f"Problem({self.code!r}, **{self.params!r})"


class DataError:
    """One located problem. Immutable, hashable and ordered by place (file, line, column)."""

    __slots__ = ("file", "line", "column", "field", "code", "params")

    file: str  # path relative to the project, e.g. data/cities/shangrao/indicators.yml
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based (0 with line 0)
    field: str  # e.g. indicators[3].target.value ("" for the whole file)
    code: str  # e.g. quote-not-found
    params: tuple[tuple[str, str], ...]  # the message's parameters, as shown

    def __init__(self, file: str, line: int, column: int, field: str, code: str, /, **params: Any) -> None:
        kind = messages.kind(code)  # KeyError: a code that is not in the catalogue
        given = {name: _param(value) for name, value in params.items()}
        if set(given) != set(kind.params):
            raise TypeError(f"{code} takes the parameters {kind.params}, not {tuple(given)}")
        for name, value in (("file", file), ("line", line), ("column", column), ("field", field), ("code", code),
                            ("params", tuple((name, given[name]) for name in kind.params))):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a DataError cannot be changed")

    # ---- identity -------------------------------------------------------------------

    def _key(self) -> tuple:
        return (self.file, self.line, self.column, self.field, self.code, self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataError) and self._key() == other._key()

    def __lt__(self, other: DataError) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        params = "".join(f", {k}={v!r}" for k, v in self.params)
        return f"DataError({self.file!r}, {self.line}, {self.column}, {self.field!r}, {self.code!r}{params})"

    # ---- words ------------------------------------------------------------------------

    @property
    def parameters(self) -> dict[str, str]:
        return dict(self.params)

    def text(self, lang: str) -> str:
        """The message in a language ("zh" or "en"), parameters filled in."""
        return messages.render(self.code, self.parameters, lang)

    @property
    def message(self) -> str:
        """The English message (what logs and most tests read)."""
        return self.text("en")

    def hint(self, lang: str) -> str:
        return messages.kind(self.code).hint[lang]

    def explanation(self, lang: str) -> str:
        return messages.kind(self.code).explanation[lang]

    @property
    def where(self) -> str:
        """file:line:column, or the file alone for a problem of the whole file."""
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def __str__(self) -> str:
        prefix = f"{self.where}: {self.field}: " if self.field else f"{self.where}: "
        return f"{prefix}[{self.code}] {self.message}"


class DataErrors(Exception):
    """Raised with every problem found, so that one run reports them all."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem: where, then what in Chinese and English, then how to fix it."""
        from .report import terminal

        return terminal(self.errors)
