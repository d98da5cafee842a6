"""The one registry of pages: st.navigation is built from it, per role.

Paths are relative to dashboard/app.py (see ARCHITECTURE.md: registering
``../pages/x.py`` from the entry point avoids Streamlit's legacy auto-discovery).
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.vocabulary import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    section: str
    roles: frozenset[Role] = ALL_ROLES


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "../pages/portfolio_overview.py",
        "Portfolio overview",
        ":material/dashboard:",
        "overview",
        "Portfolio",
    ),
    PageSpec("../pages/changes.py", "What changed", ":material/compare_arrows:", "changes", "Portfolio"),
    PageSpec("../pages/budget.py", "Budget", ":material/account_balance_wallet:", "budget", "Portfolio"),
    PageSpec("../pages/project_detail.py", "Project", ":material/assignment:", "project", "Portfolio"),
    PageSpec("../pages/delivery.py", "Delivery", ":material/view_kanban:", "delivery", "Delivery"),
    PageSpec("../pages/about_data.py", "About the data", ":material/database:", "data", "Help"),
)


def pages_for(role: Role) -> list[PageSpec]:
    """Pages a role may open, in registry order (the first one is the landing page)."""
    return [page for page in PAGES if role in page.roles]


def page_by_url(url_path: str) -> PageSpec:
    return next(page for page in PAGES if page.url_path == url_path)
