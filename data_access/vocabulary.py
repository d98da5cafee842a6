"""Controlled vocabularies stored in the database (as strings with CHECK constraints).

Kept in one place so importers, the seed and the pages use the same words.
"""

from __future__ import annotations

from enum import StrEnum


class ProjectType(StrEnum):
    SOFTWARE_DEVELOPMENT = "software development"
    INFRASTRUCTURE_UPGRADE = "infrastructure upgrade"
    DATA_MIGRATION = "data migration"
    CLOUD_IMPLEMENTATION = "cloud implementation"
    CYBERSECURITY = "cybersecurity"
    DIGITAL_TRANSFORMATION = "digital transformation"


class Methodology(StrEnum):
    SCRUM = "scrum"
    KANBAN = "kanban"
    WATERFALL = "waterfall"
    DEVOPS = "devops"
    HYBRID = "hybrid"


class LifecyclePhase(StrEnum):
    INITIATION = "initiation"
    PLANNING = "planning"
    EXECUTION = "execution"
    CLOSING = "closing"
    CLOSED = "closed"


class Rag(StrEnum):
    """Status colours in severity order (see ``RAG_SEVERITY``)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class CostCategory(StrEnum):
    LABOUR = "labour"
    VENDOR = "vendor"
    CAPEX = "capex"
    OPEX = "opex"


class RiskKind(StrEnum):
    RISK = "risk"
    ISSUE = "issue"


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


class StageCategory(StrEnum):
    TO_DO = "to do"
    IN_PROGRESS = "in progress"
    DONE = "done"


class Role(StrEnum):
    EXECUTIVE = "executive"
    PROGRAM_MANAGER = "program manager"
    PROJECT_MANAGER = "project manager"
    SCRUM_MASTER = "scrum master"
    PMO_ADMIN = "pmo admin"


class IncidentSeverity(StrEnum):
    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"
