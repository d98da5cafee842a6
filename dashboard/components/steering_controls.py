"""Presentation-mode controls: the meeting picker, the step in the URL with previous and
next buttons, the pack download, and the PMO admin's "record a meeting" form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.filters import today
from dashboard.formatting import day
from data_access.queries import MeetingInfo
from data_access.queries.meetings import MeetingRejected
from data_access.viewer import Viewer
from data_access.vocabulary import Role

STEP_PARAM = "step"
SINCE_PARAM = "since"
STEP_KEY = "presentation.step"
SINCE_KEY = "presentation.since"
FORM = "presentation.meeting"
NO_MEETING_DAYS = 28
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _meeting_label(meeting: MeetingInfo) -> str:
    return f"{meeting.forum} · {day(meeting.held_on)}"


def pick_since(meetings: Sequence[MeetingInfo], as_of: date) -> tuple[date, MeetingInfo | None]:
    """The "since" date: by default the newest meeting before the as-of date (on a meeting
    day, as-of is that meeting, so "since" is the one before); kept in the URL as ``since``."""
    past = [m for m in meetings if m.held_on < as_of]
    options: dict[str, tuple[date, MeetingInfo | None]] = {f"m{m.id}": (m.held_on, m) for m in past}
    labels = {f"m{m.id}": _meeting_label(m) for m in past}
    raw = st.query_params.get(SINCE_PARAM)
    linked = _linked_since(raw, as_of)
    if linked is not None and not any(m.held_on == linked for m in past):
        options[f"d{linked.isoformat()}"] = (linked, None)
        labels[f"d{linked.isoformat()}"] = f"{day(linked)} (from the link)"
    if not options:
        fallback = as_of - timedelta(days=NO_MEETING_DAYS)
        options[f"d{fallback.isoformat()}"] = (fallback, None)
        labels[f"d{fallback.isoformat()}"] = f"{day(fallback)} (no meeting recorded)"
    if st.session_state.get(SINCE_KEY) not in options:
        st.session_state[SINCE_KEY] = next(
            (key for key, (held, _) in options.items() if linked is not None and held == linked),
            next(iter(options)),
        )
    with st.sidebar:
        key = st.selectbox(
            "Changes since",
            options=list(options),
            format_func=labels.get,
            key=SINCE_KEY,
            help="Compare with the portfolio on this meeting's date. Default: the last meeting before the as-of date.",
        )
    since, meeting = options[key]
    st.query_params[SINCE_PARAM] = since.isoformat()
    return since, meeting


def _linked_since(raw: str | None, as_of: date) -> date | None:
    """A usable ``since`` from the link, else None (a bad one is reported once)."""
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        value = None
    if value is not None and value < as_of:
        return value
    if st.session_state.get("presentation.bad_since") != raw:
        st.session_state["presentation.bad_since"] = raw
        st.warning(
            f"The link's `since={raw}` is not a date before the as-of date; showing the last meeting instead.",
            icon=":material/link_off:",
        )
    return None


def current_step(count: int) -> int:
    """The 1-based step, from the session or the link's ``?step=N``; a step the link names
    that does not exist is reported, never a traceback."""
    if STEP_KEY not in st.session_state:
        raw = st.query_params.get(STEP_PARAM)
        step = 1
        if raw is not None:
            step = int(raw) if raw.isdigit() and 1 <= int(raw) <= count else 0
            if step == 0:
                st.warning(
                    f"The link's `step={raw}` is not a step of this presentation (1–{count}); showing step 1.",
                    icon=":material/link_off:",
                )
                step = 1
        st.session_state[STEP_KEY] = step
    st.session_state[STEP_KEY] = min(max(int(st.session_state[STEP_KEY]), 1), count)
    return int(st.session_state[STEP_KEY])


def _move(delta: int, count: int) -> None:
    st.session_state[STEP_KEY] = min(max(int(st.session_state[STEP_KEY]) + delta, 1), count)


def render_step_bar(titles: Sequence[str], *, key: str) -> int:
    """Previous · jump to a step · next; the chosen step goes into the URL."""
    count = len(titles)
    step = current_step(count)
    previous, jump, following = st.columns([1, 4, 1], vertical_alignment="bottom")
    previous.button(
        "Previous", icon=":material/arrow_back:", key=f"{key}.previous", disabled=step <= 1,
        on_click=_move, args=(-1, count), width="stretch",
    )  # fmt: skip
    jump.selectbox(
        "Step",
        options=list(range(1, count + 1)),
        format_func=lambda n: f"{n} / {count} · {titles[n - 1]}",
        key=STEP_KEY,
        label_visibility="collapsed",
    )
    following.button(
        "Next", icon=":material/arrow_forward:", key=f"{key}.next", disabled=step >= count,
        on_click=_move, args=(1, count), width="stretch",
    )  # fmt: skip
    step = int(st.session_state[STEP_KEY])
    st.query_params[STEP_PARAM] = str(step)
    return step


def render_pack_download(pack: Callable[[], bytes], as_of: date) -> None:
    """The PPTX, built only when the button is pressed (and cached in dashboard/data.py)."""
    with st.sidebar:
        st.download_button(
            "Download the steering pack",
            data=pack,
            file_name=f"steering-pack-{as_of.isoformat()}.pptx",
            mime=PPTX_MIME,
            icon=":material/slideshow:",
            key="presentation.download",
            on_click="ignore",
            help="PowerPoint, one slide per step, with editable charts; as of this date and for your scope.",
        )


def render_meeting_form(viewer: Viewer, programs: pd.DataFrame) -> None:
    """PMO admin: record a meeting (forum, date, program or portfolio-wide, notes); nothing for others."""
    if viewer.role is not Role.PMO_ADMIN:
        return
    names = dict(zip(programs["code"], programs["name"], strict=True))
    with st.sidebar.expander("Record a meeting", icon=":material/event:"):
        with st.form("presentation.meeting_form", clear_on_submit=True, border=False):
            forum = st.text_input("Forum", placeholder="Portfolio board", max_chars=120, key=f"{FORM}.forum")
            held_on = st.date_input("Held on", value=today(), format="YYYY-MM-DD", key=f"{FORM}.held_on")
            program = st.selectbox(
                "Program",
                options=["", *names],
                format_func=lambda c: names.get(c, "Portfolio-wide"),
                key=f"{FORM}.program",
            )
            notes = st.text_area("Notes", max_chars=2000, key=f"{FORM}.notes")
            submitted = st.form_submit_button("Record the meeting", key=f"{FORM}.submit")
        if not submitted:
            return
        try:
            meeting = data.add_meeting(viewer, forum, held_on, program or None, notes)
        except MeetingRejected as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.success(f"Recorded: {_meeting_label(meeting)}.", icon=":material/check:")
