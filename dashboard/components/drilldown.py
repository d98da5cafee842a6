"""Portfolio → program → project pickers whose choices live in the URL
(``?budget_program=CLD&project=CLD-002``), so a drill-down can be shared as a link.

Codes from the URL are checked against what the viewer sees: an unknown one is
reported and ignored, never trusted.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

PROGRAM_PARAM = "budget_program"
PROJECT_PARAM = "project"
_PROGRAM_KEY = "budget.program"
_PROJECT_KEY = "budget.project"


def _warn(parameter: str, value: str) -> None:
    st.warning(
        f"The link's `{parameter}={value}` is not a {parameter.removeprefix('budget_')} in this view; it was ignored.",
        icon=":material/link_off:",
    )


def _seed_from_url(program_of: dict[str, str], program_codes: list[str]) -> None:
    """Once per visit: take the choices from the link, dropping (and reporting) unknown codes."""
    program = st.query_params.get(PROGRAM_PARAM) or None
    project = st.query_params.get(PROJECT_PARAM) or None
    if program and program not in program_codes:
        _warn(PROGRAM_PARAM, program)
        program = None
    if project and (project not in program_of or (program and program_of[project] != program)):
        _warn(PROJECT_PARAM, project)
        project = None
    st.session_state[_PROGRAM_KEY] = program or (program_of[project] if project else None)
    st.session_state[_PROJECT_KEY] = project


def _write_url(key: str, value: str | None) -> None:
    if value:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def drilldown_picker(programs: pd.DataFrame, projects: pd.DataFrame) -> tuple[str | None, str | None]:
    """(program code or None, project code or None) chosen in two select boxes.

    ``programs``: program_code, program_name; ``projects``: code, name, program_code.
    """
    program_names = dict(zip(programs["program_code"], programs["program_name"], strict=True))
    program_of = dict(zip(projects["code"], projects["program_code"], strict=True))
    project_names = dict(zip(projects["code"], projects["name"], strict=True))
    if _PROGRAM_KEY not in st.session_state or _PROJECT_KEY not in st.session_state:
        _seed_from_url(program_of, list(program_names))
    if st.session_state[_PROGRAM_KEY] not in program_names:  # the sidebar filter moved on
        st.session_state[_PROGRAM_KEY] = None

    left, right = st.columns(2)
    program = left.selectbox(
        "Program",
        options=list(program_names),
        format_func=lambda c: f"{c} · {program_names[c]}",
        index=None,
        placeholder="Whole portfolio",
        key=_PROGRAM_KEY,
        help="Drill down from the portfolio to one program; clear to see everything again.",
    )
    choices = [code for code, owner in program_of.items() if program is None or owner == program]
    if st.session_state[_PROJECT_KEY] not in choices:
        st.session_state[_PROJECT_KEY] = None
    project = right.selectbox(
        "Project",
        options=choices,
        format_func=lambda c: f"{c} · {project_names[c]}",
        index=None,
        placeholder="All projects" + (" of the program" if program else ""),
        key=_PROJECT_KEY,
        help="Drill down to one project; clear to see the whole selection.",
    )
    _write_url(PROGRAM_PARAM, program)
    _write_url(PROJECT_PARAM, project)
    return program, project
