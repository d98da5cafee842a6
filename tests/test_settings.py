"""Settings: defaults, and bad values that fail at start naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("PORTFOLIO_"):
            monkeypatch.delenv(name)


def test_defaults_point_at_an_embedded_sqlite_file_in_data() -> None:
    settings = load_settings()
    assert settings.uses_embedded_database
    assert settings.effective_database_url == f"sqlite:///{(Path('data') / 'portfolio.db').resolve()}"
    assert settings.demo_data is True
    assert (settings.currency, settings.time_zone, settings.cache_ttl_seconds) == ("USD", "UTC", 300)


def test_a_given_url_is_used_as_is_and_is_not_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", "postgresql+psycopg://app:secret@db:5432/portfolio")
    settings = load_settings()
    assert not settings.uses_embedded_database
    assert settings.effective_database_url == "postgresql+psycopg://app:secret@db:5432/portfolio"


def test_data_dir_moves_the_embedded_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path))
    assert load_settings().effective_database_url == f"sqlite:///{tmp_path / 'portfolio.db'}"


def test_currency_is_normalised_to_upper_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_CURRENCY", "eur")
    assert load_settings().currency == "EUR"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTFOLIO_CURRENCY", "E1R"),
        ("PORTFOLIO_CURRENCY", "EURO"),
        ("PORTFOLIO_TIME_ZONE", "Mars/Olympus_Mons"),
        ("PORTFOLIO_CACHE_TTL_SECONDS", "-5"),
        ("PORTFOLIO_CACHE_TTL_SECONDS", "soon"),
        ("PORTFOLIO_DEMO_DATA", "perhaps"),
        ("PORTFOLIO_DATABASE_URL", "not a url at all"),
    ],
)
def test_a_wrong_value_fails_with_a_message_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert variable in str(caught.value)
    assert value in str(caught.value)
