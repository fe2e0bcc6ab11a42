"""Content problems as data: collected across every file and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        text = f"{text} — {self.fix}" if self.fix else text
        # One problem, one line: a value quoted from content may hold line breaks, and a line of its
        # own starting with "::" would be a command to GitHub Actions.
        return text.replace("\r", "\\r").replace("\n", "\\n")

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the file in the web UI.

        Values come from content, so they are escaped as GitHub documents: a newline in a title can
        then never start a command of its own (`::stop-commands::` would hide every later annotation).
        """
        text = f"{self.field}: {self.message}" + (f" — {self.fix}" if self.fix else "")
        return f"::error file={escape_property(self.path)},line={self.line}::{escape_data(text)}"


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped (toolkit/core `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end it (toolkit/core `escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised when content has problems: the build stops before writing anything."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} masalah ditemukan. Perbaiki lalu jalankan lagi `invoke check`.")
        return "\n".join(lines)


def nearest(word: str, candidates) -> str | None:
    """The closest known spelling, for "did you mean" hints."""
    import difflib

    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None
