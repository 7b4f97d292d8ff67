"""One exception tree for marketproof; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class MarketproofError(Exception):
    """Base of every error marketproof raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion

    def one_line(self) -> str:
        """The message and, when there is one, what to do about it, on one line."""
        text = " ".join(self.message.split())
        if self.suggestion:
            text += f" ({' '.join(self.suggestion.split())})"
        return text


class BadInputError(MarketproofError):
    """The user gave a path, option or value that cannot be used."""


class ParseError(MarketproofError):
    """A file or response is not in the format its parser expects."""

    def __init__(
        self,
        message: str,
        *,
        origin: str | None = None,
        line: int | None = None,
        suggestion: str | None = None,
    ) -> None:
        where = ""
        if origin:
            where = f"{origin}"
            if line is not None:
                where += f", line {line}"
            where += ": "
        super().__init__(where + message, suggestion=suggestion)
        self.origin = origin
        self.line = line


class UnknownFormatError(ParseError):
    """No parser recognises the file."""


class StoreError(MarketproofError):
    """The store cannot be opened, is locked, or is damaged."""


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""


class NotFoundError(MarketproofError):
    """The store has no data for what was asked (series, date range, story kind)."""


class SourceError(MarketproofError):
    """We could not ask a data provider (network, refusal, throttling, HTML instead of data)."""

    def __init__(self, message: str, *, url: str | None = None, suggestion: str | None = None) -> None:
        super().__init__(message + (f" [{url}]" if url else ""), suggestion=suggestion)
        self.url = url


class DraftRejectedError(MarketproofError):
    """A written draft failed its own check and was not printed."""

    exit_code = 1
