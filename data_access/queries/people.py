"""Identity lookups used to resolve a viewer (before any scope exists)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from data_access.models import Person, RoleAssignment
from data_access.vocabulary import Role


def people_with_role(connection: Connection, role: Role) -> list[tuple[str, str]]:
    """(username, display name) of everyone holding ``role``, by name."""
    stmt = (
        select(Person.username, Person.display_name)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == role)
        .distinct()
        .order_by(Person.display_name)
    )
    return [(username, name) for username, name in connection.execute(stmt).all()]
