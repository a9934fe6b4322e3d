"""Exception classes of the CoopAtlas pipeline.

Every class subclasses a built-in so that callers can catch ``ValueError`` or
``FileNotFoundError`` without knowing this module.
"""

from __future__ import annotations

from dataclasses import dataclass


class CoopAtlasError(Exception):
    """Base class of every error raised on purpose by CoopAtlas."""


class DataFileError(CoopAtlasError, ValueError):
    """A data file is missing, unreadable or corrupt; the message names the file and the fix."""


class MissingDataError(DataFileError, FileNotFoundError):
    """A data file the pipeline needs does not exist."""


class CRSMismatchError(CoopAtlasError, ValueError):
    """Two layers to be combined are in different coordinate reference systems."""


class InputValidationError(CoopAtlasError, ValueError):
    """User input (a registry file, a filter, an option) cannot be used as given.

    Parameters
    ----------
    problems
        One human-readable line per problem; the message lists them all.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class MissingColumns:
    """A file that lacks required columns, as data: the caller chooses the words.

    Attributes
    ----------
    file
        The file's name as shown to its user.
    fields
        The canonical fields not found (``name``, ``department`` ...).
    headers
        The headers the file has.
    """

    file: str
    fields: tuple[str, ...]
    headers: tuple[str, ...]


class MissingColumnsError(InputValidationError):
    """Files lack required columns; ``missing`` says which, the message how to fix it."""

    def __init__(self, problems: list[str] | str, missing: list[MissingColumns]) -> None:
        super().__init__(problems)
        self.missing = list(missing)


class ConfigurationError(CoopAtlasError, ValueError):
    """A setting (environment variable or option) is malformed; the message gives the fix."""


class OutputError(CoopAtlasError, OSError):
    """Output could not be written (disk full, no permission, locked by another build)."""
