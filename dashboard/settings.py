"""Application settings, read once from the environment (prefix ``PORTFOLIO_``).

Why pydantic-settings: a wrong value fails at start with a message naming the
variable, instead of surfacing later as a confusing error deep inside a page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_FILENAME = "portfolio.db"


class Settings(BaseSettings):
    """Every knob the dashboard reads; see README "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Folder for the embedded SQLite database.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Empty means the embedded SQLite file in data_dir.",
    )
    demo_data: bool = Field(
        default=True,
        description="Create and fill the embedded database with the demo portfolio on first start.",
    )
    cache_ttl_seconds: int = Field(default=300, ge=0, le=86_400)
    currency: str = Field(default="USD", min_length=3, max_length=3)
    time_zone: str = Field(default="UTC")

    @field_validator("currency")
    @classmethod
    def _currency_is_iso_code(cls, value: str) -> str:
        if not value.isalpha():
            raise ValueError("must be a three-letter ISO 4217 code such as USD or EUR")
        return value.upper()

    @field_validator("time_zone")
    @classmethod
    def _time_zone_exists(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r} (try 'Europe/London')") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _url_parses(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value.strip())
        except ArgumentError as exc:
            raise ValueError("is not a SQLAlchemy URL (e.g. postgresql+psycopg://user@host/db)") from exc
        return value.strip()

    @property
    def default_database_path(self) -> Path:
        return self.data_dir / DEFAULT_DB_FILENAME

    @property
    def uses_embedded_database(self) -> bool:
        """True when no URL was given: only then may the app create and seed a database."""
        return self.database_url is None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.default_database_path.resolve()}"


class SettingsError(RuntimeError):
    """A configuration value is wrong; the message names the environment variable."""


def describe_validation_error(error: ValidationError) -> str:
    """Turn pydantic's error into lines like ``PORTFOLIO_CURRENCY: must be ...``."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        lines.append(f"PORTFOLIO_{field.upper()}: {problem['msg']} (got {problem.get('input')!r})")
    return "\n".join(lines)


def load_settings() -> Settings:
    """Read settings now, raising SettingsError with the variable names on bad input."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError("Invalid configuration:\n" + describe_validation_error(exc)) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once (tests call ``get_settings.cache_clear()``)."""
    return load_settings()
