"""Application settings, read once from the environment (prefix ``PORTFOLIO_``).

Why pydantic-settings: a wrong value fails at start with a message naming the
variable, instead of surfacing later as a confusing error deep inside a page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from dashboard.metrics.thresholds import THRESHOLD_FIELDS, RagThresholds

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
    # Number separators and the currency symbol's side (dashboard/formatting.py, docs/STYLE.md).
    locale: Literal["en_US", "en_GB", "de_DE", "fr_FR"] = "en_US"

    # Who is looking: "auto" = OIDC (st.login) when [auth] is in .streamlit/secrets.toml,
    # else the demo picker. "header" trusts a reverse proxy's identity header and is only
    # ever used when set explicitly.
    auth_mode: Literal["auto", "demo", "header", "oidc"] = "auto"
    auth_header: str = Field(default="X-Forwarded-Email", min_length=1)

    # Sharing the meeting summary (dashboard/share). Secrets are SecretStr: masked in reprs,
    # logs and errors, and validated where they are used so no error can echo them.
    public_url: str | None = Field(default=None, description="The dashboard's address, for links.")
    slack_webhook_url: SecretStr | None = None
    confluence_url: str | None = Field(default=None, description="e.g. https://x.atlassian.net/wiki")
    confluence_space: str | None = None
    confluence_user: str | None = None
    confluence_token: SecretStr | None = None
    share_timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    # Computed-RAG thresholds (METRICS.md defaults); programs and projects may override
    # them in the rag_tolerances table, the most specific winning.
    rag_spi_green: float = Field(default=0.95, gt=0)
    rag_spi_red: float = Field(default=0.85, gt=0)
    rag_cpi_green: float = Field(default=0.95, gt=0)
    rag_cpi_red: float = Field(default=0.85, gt=0)
    rag_eac_amber: float = Field(default=1.05, gt=0)
    rag_eac_red: float = Field(default=1.10, gt=0)
    rag_slip_red_days: int = Field(default=30, ge=0)
    rag_high_exposure: int = Field(default=15, ge=1, le=25)
    rag_padded: float = Field(default=1.10, gt=0)
    rag_overall: Literal["worst-of", "weighted"] = "worst-of"

    @model_validator(mode="after")
    def _rag_bands_are_consistent(self) -> Settings:
        try:
            self.rag_thresholds()
        except ValueError as exc:
            raise ValueError(f"PORTFOLIO_RAG_* thresholds are inconsistent: {exc}") from exc
        return self

    def rag_thresholds(self) -> RagThresholds:
        """The portfolio-wide RAG thresholds (before program / project tolerances)."""
        return RagThresholds(
            **{name: getattr(self, f"rag_{name}") for name in THRESHOLD_FIELDS},
        )

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

    @field_validator("public_url", "confluence_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://dashboard.example.org")
        return value.strip().rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _url_parses(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
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
        if not problem["loc"]:  # a rule across several fields: the message names them
            lines.append(problem["msg"].removeprefix("Value error, "))
            continue
        field = str(problem["loc"][0])
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
