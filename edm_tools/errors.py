"""The exception tree of edm_tools.

Every error the package raises on purpose derives from :class:`EdmError`, and also from the
built-in exception a caller would expect (scikit-learn's way), so ``except ValueError`` keeps
working. Messages say what was wrong, what arrived, and what to do.
"""

from __future__ import annotations


class EdmError(Exception):
    """Base for all edm_tools errors."""


class CorpusError(EdmError, ValueError):
    """A corpus source that cannot be loaded: missing folder, no articles, a bad file."""


class SchemaError(EdmError, ValueError):
    """A table that lacks the columns a function needs."""


class ParameterError(EdmError, ValueError):
    """A parameter with a bad value or an unknown name."""


class ConfigError(EdmError, ValueError):
    """A configuration or lexicon file that cannot be read."""
