"""Sharing the meeting summary outside the dashboard: Slack and Confluence.

No Streamlit here: ``summary`` builds the figures, ``slack`` and ``confluence`` render and
send them, ``transport`` makes the one HTTP attempt each and turns any failure into a
``ShareFailed`` whose message names the service, host and status, never a secret.
Each destination is its own action, so the caller always knows which one succeeded.
"""
