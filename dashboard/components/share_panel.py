""" "Share this summary": post the meeting summary to Slack or publish it to Confluence.

Two buttons, two separate actions: each says plainly whether it worked, so a Slack post
that went out is never hidden behind a Confluence failure (or the other way round).
Shown to the roles that speak for a portfolio or program, and only where configured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from dashboard import data
from dashboard.navigation import PORTFOLIO_ROLES
from dashboard.settings import get_settings
from dashboard.share import confluence, slack
from dashboard.share.summary import MeetingSummary, build_summary
from dashboard.share.transport import ShareFailed
from data_access.queries import QueryFilters
from data_access.viewer import Viewer

SHARE_ROLES = PORTFOLIO_ROLES  # executive, PMO admin, program manager


def meeting_summary(viewer: Viewer, as_of: date, since: date, programs: Sequence[str]) -> MeetingSummary:
    """The summary from the same cached figures the "What changed" page shows."""
    settings = get_settings()
    filters = QueryFilters(as_of=as_of, program_codes=tuple(sorted(programs)))
    return build_summary(
        data.portfolio_health(viewer, filters).projects,
        data.portfolio_changes(viewer, filters, since),
        as_of=as_of,
        since=since,
        programs=filters.program_codes,
        whole_portfolio=viewer.scope.everything,
        currency=settings.currency,
        public_url=settings.public_url,
    )


def _share_button(label: str, key: str, missing: list[str], send: Callable[[], str]) -> None:
    if missing:
        st.caption(f"{label}: set {', '.join(missing)} to enable.")
        return
    if st.button(label, key=key, icon=":material/send:"):
        try:
            with st.spinner("Sending…"):
                sentence = send()
            st.success(sentence, icon=":material/check_circle:")
        except ShareFailed as exc:
            st.error(
                f"{str(exc).rstrip('.')}. Nothing was published; try again or tell your dashboard administrator."
            )


def render_share_panel(viewer: Viewer, as_of: date, since: date, programs: Sequence[str]) -> None:
    """The expander; nothing at all for roles that do not share summaries."""
    if viewer.role not in SHARE_ROLES:
        return
    settings = get_settings()
    with st.expander("Share this summary", icon=":material/share:"):
        summary = meeting_summary(viewer, as_of, since, programs)
        counts = ", ".join(f"{count} {status}" for status, count in summary.status_counts)
        st.caption(
            f"“{summary.title}”: {summary.projects} projects ({counts}), {len(summary.new_reds)} new red, "
            f"{len(summary.recoveries)} recovered, {len(summary.slipped)} milestones slipped, "
            f"{len(summary.eac_moves)} EAC changes, with a link back to this page."
        )
        left, right = st.columns(2)
        with left:
            _share_button(
                "Post to Slack",
                "share.slack",
                slack.missing_settings(settings),
                lambda: slack.post_to_slack(summary, settings),
            )
        with right:
            _share_button(
                "Publish to Confluence",
                "share.confluence",
                confluence.missing_settings(settings),
                lambda: confluence.publish_to_confluence(summary, settings).sentence(summary.title),
            )
