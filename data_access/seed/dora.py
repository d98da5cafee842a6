"""Production deployments and incidents for the DORA metrics.

Why these projects: DevOps projects deploy often (daily or more, low failure rate) and
a share of Scrum projects ship at sprint cadence with a higher failure rate, so the
DORA bands (elite to low) all appear. Failed deployments usually raise an incident;
a few incidents have no deployment (infrastructure faults); the latest may be open.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from data_access.seed import catalog
from data_access.seed.finance import cutoff_day
from data_access.seed.portfolio import Portfolio, ProjectPlan
from data_access.seed.rows import TableData, nullable_ints
from data_access.seed.streams import rng_for
from data_access.seed.worktime import WORKDAY_SECONDS
from data_access.vocabulary import IncidentSeverity, Methodology, ProjectType

SHIPPING_SCRUM_TYPES = (
    ProjectType.SOFTWARE_DEVELOPMENT,
    ProjectType.DIGITAL_TRANSFORMATION,
    ProjectType.CLOUD_IMPLEMENTATION,
)
SEVERITIES = [s.value for s in IncidentSeverity]
FIRST_DEPLOY_AFTER_DAYS = 30
HOUR = 3600


def deploys(project: ProjectPlan) -> bool:
    """DevOps projects, and Scrum projects that ship software to production."""
    if not project.started:
        return False
    if project.methodology is Methodology.DEVOPS:
        return True
    return project.methodology is Methodology.SCRUM and project.project_type in SHIPPING_SCRUM_TYPES


def build_dora(portfolio: Portfolio, seed: int) -> list[TableData]:
    """deployments and incidents rows."""
    calendar, today = portfolio.calendar, portfolio.today
    deployments: dict[str, list] = {"project_id": [], "deployed_at": [], "first_commit_at": [], "failed": []}
    incidents: dict[str, list] = {
        k: [] for k in ("project_id", "deployment_id", "started", "resolved", "severity")
    }
    titles: list[str] = []
    deployment_count = 0
    for project in portfolio.projects:
        if not deploys(project):
            continue
        rng = rng_for(seed, "dora", project.id)
        devops = project.methodology is Methodology.DEVOPS
        cutoff = cutoff_day(project, today)
        first_day = int(calendar.day_index(project.timeline.start + timedelta(days=FIRST_DEPLOY_AFTER_DAYS)))
        last_day = int(calendar.day_index(cutoff + timedelta(days=1))) - 1
        if last_day < first_day:
            continue
        offset = project.utc_offset_minutes
        end_utc = calendar.utc_times(np.array([calendar.end_of(cutoff)]), offset)[0]

        rate = rng.uniform(0.6, 2.5) if devops else rng.uniform(0.08, 0.25)
        per_day = rng.poisson(rate, last_day - first_day + 1)
        day = np.repeat(np.arange(first_day, last_day + 1), per_day)
        working = np.sort(day * WORKDAY_SECONDS + rng.integers(0, WORKDAY_SECONDS, len(day)))
        deployed = calendar.utc_times(working, offset)
        lead_hours = rng.uniform(4, 30) if devops else rng.uniform(48, 200)
        lead = rng.lognormal(np.log(lead_hours * HOUR), 0.8, len(day)).astype(np.int64)
        failure_rate = rng.uniform(0.04, 0.16) if devops else rng.uniform(0.12, 0.32)
        failed = rng.random(len(day)) < failure_rate
        ids = deployment_count + 1 + np.arange(len(day))
        deployment_count += len(day)
        deployments["project_id"].append(np.full(len(day), project.id))
        deployments["deployed_at"].append(deployed)
        deployments["first_commit_at"].append(deployed - lead.astype("timedelta64[s]"))
        deployments["failed"].append(failed)

        # Incidents from failed deployments, then a few unrelated ones.
        raised = failed & (rng.random(len(day)) < 0.85)
        delay = rng.exponential(2 * HOUR, raised.sum()).astype(np.int64) + 60
        started = deployed[raised] + delay.astype("timedelta64[s]")
        linked = ids[raised]
        window = (last_day - first_day + 1) * WORKDAY_SECONDS
        unrelated = rng.poisson(window / (WORKDAY_SECONDS * 40))
        extra = calendar.utc_times(first_day * WORKDAY_SECONDS + rng.integers(0, window, unrelated), offset)
        started = np.concatenate([started, extra])
        linked = np.concatenate([linked, np.zeros(unrelated, dtype=np.int64)])
        restore_hours = rng.uniform(0.5, 3) if devops else rng.uniform(4, 24)
        restore = rng.lognormal(np.log(restore_hours * HOUR), 0.9, len(started)).astype(np.int64) + 300
        resolved = started + restore.astype("timedelta64[s]")
        order = np.argsort(started, kind="stable")
        started, linked, resolved = started[order], linked[order], resolved[order]
        happened = started <= end_utc
        started, linked, resolved = started[happened], linked[happened], resolved[happened]
        resolved = np.where(resolved <= end_utc, resolved, np.datetime64("NaT"))
        count = len(started)
        incidents["project_id"].append(np.full(count, project.id))
        incidents["deployment_id"] += nullable_ints(linked, linked > 0)
        incidents["started"].append(started)
        incidents["resolved"].append(resolved)
        incidents["severity"] += [SEVERITIES[i] for i in rng.choice(3, size=count, p=[0.08, 0.32, 0.60])]
        titles += [str(t) for t in rng.choice(catalog.INCIDENT_TITLES, size=count)]

    def joined(parts: list[np.ndarray], dtype: str) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    deployed_at = joined(deployments["deployed_at"], "datetime64[s]")
    deployment_table = TableData(
        "deployments",
        {
            "id": np.arange(1, len(deployed_at) + 1),
            "project_id": joined(deployments["project_id"], "int64"),
            "deployed_at": deployed_at,
            "environment": ["production"] * len(deployed_at),
            "first_commit_at": joined(deployments["first_commit_at"], "datetime64[s]"),
            "caused_failure": joined(deployments["failed"], "bool"),
        },
    )
    started_at = joined(incidents["started"], "datetime64[s]")
    incident_table = TableData(
        "incidents",
        {
            "id": np.arange(1, len(started_at) + 1),
            "project_id": joined(incidents["project_id"], "int64"),
            "deployment_id": incidents["deployment_id"],
            "severity": incidents["severity"],
            "started_at": started_at,
            "resolved_at": joined(incidents["resolved"], "datetime64[s]"),
            "title": titles,
        },
    )
    return [deployment_table, incident_table]
