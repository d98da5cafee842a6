"""Filter state <-> URL query parameters, so a link reproduces the view.

``?program=CLD&program=SEC&as_of=2026-06-30``. Values from the URL are checked:
an unknown program or a malformed date is reported and ignored, never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from dashboard import data
from dashboard.settings import get_settings
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

PROGRAM_PARAM = "program"
AS_OF_PARAM = "as_of"
_PROGRAMS_STATE = "filters.programs"
_AS_OF_STATE = "filters.as_of"


@dataclass(frozen=True)
class UrlProblem:
    parameter: str
    value: str
    reason: str


def today() -> date:
    """Today in the configured time zone (the server's clock may be in another)."""
    return datetime.now(ZoneInfo(get_settings().time_zone)).date()


def _parse_as_of(raw: str | None) -> tuple[date | None, UrlProblem | None]:
    if not raw:
        return None, None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        return None, UrlProblem(AS_OF_PARAM, raw, "is not a date in YYYY-MM-DD form")
    if value > today():
        return None, UrlProblem(AS_OF_PARAM, raw, "is in the future")
    return value, None


def _programs_from_url(known_codes: list[str]) -> tuple[list[str], list[UrlProblem]]:
    """Program codes the link names, minus those the viewer cannot see (reported)."""
    requested = [code for code in st.query_params.get_all(PROGRAM_PARAM) if code]
    problems = [
        UrlProblem(PROGRAM_PARAM, code, "is not a program you can see")
        for code in requested
        if code not in known_codes
    ]
    return [code for code in requested if code in known_codes], problems


def render_filter_bar(viewer: Viewer) -> QueryFilters:
    """Sidebar widgets for program and as-of date; returns the filters every page reads.

    The widgets are drawn by app.py on every run, so their state survives page
    switches; the URL seeds them once per session (a shared link) and is then kept
    in step with them.
    """
    programs = data.programs(viewer)
    names = dict(zip(programs["code"], programs["name"], strict=True))
    problems: list[UrlProblem] = []
    if _PROGRAMS_STATE not in st.session_state:
        st.session_state[_PROGRAMS_STATE], problems = _programs_from_url(list(names))
    if _AS_OF_STATE not in st.session_state:
        as_of, problem = _parse_as_of(st.query_params.get(AS_OF_PARAM))
        problems += [problem] if problem else []
        st.session_state[_AS_OF_STATE] = as_of or today()

    with st.sidebar:
        chosen = st.multiselect(
            "Programs",
            options=list(names),
            format_func=lambda code: names.get(code, code),
            placeholder="All programs",
            key=_PROGRAMS_STATE,
            help="Leave empty to see every program you have access to.",
        )
        as_of = st.date_input(
            "As of",
            max_value=today(),
            format="YYYY-MM-DD",
            key=_AS_OF_STATE,
            help="Show the portfolio as it was known on this date.",
        )
    _show_link_problems(problems)
    _write_url(chosen, as_of if as_of != today() else None)
    return QueryFilters(as_of=as_of, program_codes=tuple(sorted(chosen)))


_PROBLEMS_STATE = "filters.link_problems"


def _show_link_problems(new: list[UrlProblem]) -> None:
    """Warn about ignored link parameters on the first page actually shown (the hidden
    home page redirects, which would otherwise swallow the warning), then forget them."""
    pending = st.session_state.setdefault(_PROBLEMS_STATE, []) + new
    if st.session_state.get("page.url_path") == "home":
        st.session_state[_PROBLEMS_STATE] = pending
        return
    for problem in pending:
        st.warning(
            f"The link's `{problem.parameter}={problem.value}` {problem.reason}; it was ignored.",
            icon=":material/link_off:",
        )
    st.session_state[_PROBLEMS_STATE] = []


def _write_url(programs: list[str], as_of: date | None) -> None:
    """Keep the address bar in step with the filters so the link can be shared."""
    if programs:
        st.query_params[PROGRAM_PARAM] = programs
    elif PROGRAM_PARAM in st.query_params:
        del st.query_params[PROGRAM_PARAM]
    if as_of:
        st.query_params[AS_OF_PARAM] = as_of.isoformat()
    elif AS_OF_PARAM in st.query_params:
        del st.query_params[AS_OF_PARAM]


def shareable_params(**extra: str) -> dict[str, list[str] | str]:
    """The current URL's parameters (all values of repeated ones) plus ``extra``,
    for st.switch_page / st.page_link, which otherwise drop them."""
    params: dict[str, list[str] | str] = {key: st.query_params.get_all(key) for key in st.query_params}
    params.update(extra)
    return params


SINCE_PARAM = "since"


def render_since_picker(as_of: date, *, default_days: int = 30) -> date:
    """A "changed since" date, kept in the URL (``?since=YYYY-MM-DD``) and before the as-of date."""
    key = "filters.since"
    if key not in st.session_state:
        since, problem = _parse_as_of(st.query_params.get(SINCE_PARAM))
        if problem:
            st.warning(f"The link's `since={problem.value}` {problem.reason}; it was ignored.")
        st.session_state[key] = since or (as_of - timedelta(days=default_days))
    if st.session_state[key] >= as_of:
        st.session_state[key] = as_of - timedelta(days=1)
    since = st.date_input(
        "Changed since",
        max_value=as_of - timedelta(days=1),
        format="YYYY-MM-DD",
        key=key,
        help="Compare the portfolio on this date with the as-of date (e.g. the last steering meeting).",
    )
    st.query_params[SINCE_PARAM] = since.isoformat()
    return since
