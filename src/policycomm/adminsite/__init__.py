"""The administration (/admin/) in Vietnamese, third-party apps included, searched without diacritics (ADR 0027)."""
