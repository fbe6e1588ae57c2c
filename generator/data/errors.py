"""Located data errors: every problem names its file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    file: str  # path relative to the project, e.g. data/cities/shangrao/indicators.yml
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    field: str  # e.g. indicators[3].target.value ("" for the whole file)
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataErrors(Exception):
    """Raised with every problem found, so that one run reports them all."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem: where, then what in Chinese and English, then how to fix it."""
        from .messages import explain

        n = len(self.errors)
        lines = [f"数据有 {n} 处错误 / {n} problem{'s' if n != 1 else ''} in the data:"]
        for e in self.errors:
            lines.append(f"  {e}")
            explained = explain(e.message)
            if explained is not None:
                lines.append(f"      {explained.zh}")
                lines.append(f"      提示 / hint: {explained.hint_zh} / {explained.hint_en}")
        return "\n".join(lines)
