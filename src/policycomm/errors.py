"""The one exception type services raise for a refused action.

``code`` is machine-readable (used by the API), ``message`` is the Vietnamese sentence shown to
a person, ``field`` names the input at fault when there is one.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        status: int = 422,
        errors: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        # Several fields at fault at once: {field: (code, message)}.
        self.errors = errors or ({field: (code, message)} if field else {})

    def __str__(self) -> str:
        return self.message
