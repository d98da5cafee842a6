"""Who is looking, and what they may see.

The viewer lives in data_access (not in the UI) because scope is enforced where
data is read: every query function takes a Viewer and filters by it, so a page
cannot fetch rows its viewer may not see, whatever the URL says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data_access.vocabulary import Role


@dataclass(frozen=True)
class Scope:
    """Ids a viewer may see. ``everything`` short-circuits the filters (executives)."""

    everything: bool = False
    program_ids: frozenset[int] = field(default_factory=frozenset)
    project_ids: frozenset[int] = field(default_factory=frozenset)
    team_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Viewer:
    user_id: str
    display_name: str
    role: Role
    scope: Scope

    @property
    def cache_key(self) -> tuple:
        """Plain, hashable identity of what this viewer can see (for data caches)."""
        return (
            self.role.value,
            self.scope.everything,
            tuple(sorted(self.scope.program_ids)),
            tuple(sorted(self.scope.project_ids)),
            tuple(sorted(self.scope.team_ids)),
        )


def portfolio_viewer(user_id: str = "system", display_name: str = "Portfolio (all projects)") -> Viewer:
    """A viewer that sees everything: executives and command-line tools."""
    return Viewer(user_id, display_name, Role.EXECUTIVE, Scope(everything=True))
