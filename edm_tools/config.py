"""Typed settings. :func:`load_config` is the one place that reads a settings file or the
environment; everything else takes plain arguments."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/edm_tools`` (``~/.cache/edm_tools`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "edm_tools"


@dataclass(frozen=True, slots=True)
class PathsConfig:
    """Where the cleaned-corpus cache lives; ``cache_dir=None`` turns caching off."""

    cache_dir: Path | None = field(default_factory=default_cache_dir)


@dataclass(frozen=True, slots=True)
class Config:
    """All settings of edm_tools, one section per concern."""

    paths: PathsConfig = field(default_factory=PathsConfig)


def load_config(path: str | Path | None = None, **overrides) -> Config:
    """Build the settings from an optional YAML file, the environment, then ``overrides``.

    The YAML file has one mapping per section (``paths: {cache_dir: ...}``). The environment
    variable ``EDM_TOOLS_CACHE_DIR`` sets ``paths.cache_dir`` (``none`` turns the cache off).
    ``overrides`` use ``section__name`` keys: ``load_config(paths__cache_dir=None)``.
    """
    values: dict[str, dict] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"Cannot read the settings file {str(path)!r}: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ConfigError(f"Settings file {str(path)!r} must hold a mapping of sections.")
        values = {k: dict(v or {}) for k, v in loaded.items()}
    env_cache = os.environ.get("EDM_TOOLS_CACHE_DIR")
    if env_cache is not None:
        values.setdefault("paths", {})["cache_dir"] = None if env_cache.lower() in ("", "none") else env_cache
    for key, value in overrides.items():
        section, _, name = key.partition("__")
        values.setdefault(section, {})[name] = value
    sections = {}
    for f in dataclasses.fields(Config):
        given = values.pop(f.name, {})
        section_type = f.default_factory().__class__
        known = {sf.name for sf in dataclasses.fields(section_type)}
        unknown = set(given) - known
        if unknown:
            raise ConfigError(
                f"Unknown setting(s) {', '.join(sorted(unknown))} in section {f.name!r}; "
                f"known: {', '.join(sorted(known))}."
            )
        if f.name == "paths" and given.get("cache_dir") is not None:
            given["cache_dir"] = Path(given["cache_dir"]).expanduser()
        sections[f.name] = section_type(**given)
    if values:
        raise ConfigError(f"Unknown settings section(s): {', '.join(sorted(values))}.")
    return Config(**sections)
