"""The one registry of pages: st.navigation is built from it, per role.

Paths are relative to dashboard/app.py (see ARCHITECTURE.md: registering
``../pages/x.py`` from the entry point avoids Streamlit's legacy auto-discovery).
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.vocabulary import Role

ALL_ROLES = frozenset(Role)
PORTFOLIO_ROLES = frozenset({Role.EXECUTIVE, Role.PMO_ADMIN, Role.PROGRAM_MANAGER})
MANAGER_ROLES = PORTFOLIO_ROLES | {Role.PROJECT_MANAGER}


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    section: str
    roles: frozenset[Role] = ALL_ROLES


# The hidden default page: "/" sends each role to its own landing page, so every real
# page keeps its own URL and a shared link opens the same page for everyone allowed.
HOME = PageSpec("../pages/home.py", "Home", ":material/home:", "home", "", ALL_ROLES)

PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "../pages/portfolio_overview.py", "Portfolio overview", ":material/dashboard:", "overview", "Portfolio",
        PORTFOLIO_ROLES,
    ),
    PageSpec(
        "../pages/program.py", "Program", ":material/account_tree:", "program", "Portfolio",
        frozenset({Role.PROGRAM_MANAGER, Role.EXECUTIVE, Role.PMO_ADMIN}),
    ),
    PageSpec(
        "../pages/my_projects.py", "My projects", ":material/person_check:", "my-projects", "Portfolio",
        frozenset({Role.PROJECT_MANAGER}),
    ),
    PageSpec("../pages/changes.py", "What changed", ":material/compare_arrows:", "changes", "Portfolio", MANAGER_ROLES),
    PageSpec("../pages/budget.py", "Budget", ":material/account_balance_wallet:", "budget", "Portfolio", MANAGER_ROLES),
    PageSpec(
        "../pages/presentation.py", "Steering presentation", ":material/co_present:", "presentation", "Portfolio",
        MANAGER_ROLES,
    ),
    PageSpec("../pages/project_detail.py", "Project", ":material/assignment:", "project", "Portfolio"),
    PageSpec("../pages/delivery.py", "Delivery", ":material/view_kanban:", "delivery", "Delivery"),
    PageSpec(
        "../pages/import_data.py", "Import data", ":material/upload_file:", "import", "Data",
        frozenset({Role.PMO_ADMIN}),
    ),
    PageSpec("../pages/about_data.py", "About the data", ":material/database:", "data", "Help"),
)  # fmt: skip

LANDING: dict[Role, str] = {
    Role.EXECUTIVE: "overview",
    Role.PMO_ADMIN: "overview",
    Role.PROGRAM_MANAGER: "program",
    Role.PROJECT_MANAGER: "my-projects",
    Role.SCRUM_MASTER: "delivery",
}


def pages_for(role: Role) -> list[PageSpec]:
    """Pages a role may open, in registry order."""
    return [page for page in PAGES if role in page.roles]


def landing_page(role: Role) -> PageSpec:
    return page_by_url(LANDING[role])


def may_open(role: Role, url_path: str) -> bool:
    return url_path == HOME.url_path or any(p.url_path == url_path for p in pages_for(role))


def page_by_url(url_path: str) -> PageSpec:
    return next(page for page in (*PAGES, HOME) if page.url_path == url_path)
