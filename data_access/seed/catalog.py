"""Names and words of the demo portfolio: programs, projects, people, teams, texts.

Why one module: the generator's realism lives in these lists; keeping them apart from
the arithmetic lets a reader change the story (names, wording) without touching the
numbers, and the numbers without scrolling through prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_access.vocabulary import CostCategory, Methodology, ProjectType

T = ProjectType
M = Methodology


@dataclass(frozen=True)
class ProgramSpec:
    """A program family: its code, name, purpose and the project types it runs."""

    code: str
    name: str
    description: str
    project_types: tuple[ProjectType, ...]


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "CLD",
        "Cloud & Infrastructure",
        "Moves workloads to the cloud and keeps the remaining estate current.",
        (T.CLOUD_IMPLEMENTATION, T.INFRASTRUCTURE_UPGRADE),
    ),
    ProgramSpec(
        "CDG",
        "Customer Digital",
        "Digital channels customers use every day: portal, apps and self-service.",
        (T.SOFTWARE_DEVELOPMENT, T.DIGITAL_TRANSFORMATION),
    ),
    ProgramSpec(
        "SEC",
        "Security & Compliance",
        "Reduces cyber risk and keeps certifications and audits on track.",
        (T.CYBERSECURITY,),
    ),
    ProgramSpec(
        "DNA",
        "Data & Analytics",
        "One trusted data platform: migrations, master data and reporting.",
        (T.DATA_MIGRATION, T.SOFTWARE_DEVELOPMENT, T.CLOUD_IMPLEMENTATION),
    ),
    ProgramSpec(
        "FIN",
        "Finance Systems",
        "ERP, payroll and procurement systems for the finance function.",
        (T.DATA_MIGRATION, T.DIGITAL_TRANSFORMATION, T.SOFTWARE_DEVELOPMENT),
    ),
    ProgramSpec(
        "WPT",
        "Workplace Technology",
        "Devices, collaboration and networks for every employee.",
        (T.INFRASTRUCTURE_UPGRADE, T.DIGITAL_TRANSFORMATION, T.CYBERSECURITY),
    ),
)

# Large scale: each program family is run once per region.
REGIONS: tuple[tuple[str, str], ...] = (
    ("EU", "EMEA"),
    ("AM", "Americas"),
    ("AP", "APAC"),
    ("UK", "UK & Ireland"),
    ("NO", "Nordics"),
)

PROJECT_CODE_PREFIX: dict[ProjectType, str] = {
    T.SOFTWARE_DEVELOPMENT: "APP",
    T.INFRASTRUCTURE_UPGRADE: "INF",
    T.DATA_MIGRATION: "DAT",
    T.CLOUD_IMPLEMENTATION: "CLD",
    T.CYBERSECURITY: "SEC",
    T.DIGITAL_TRANSFORMATION: "DIG",
}

PROJECT_NAMES: dict[ProjectType, tuple[str, ...]] = {
    T.SOFTWARE_DEVELOPMENT: (
        "Customer portal rebuild",
        "Mobile app v3",
        "Claims intake service",
        "Partner API gateway",
        "Field service mobile app",
        "Pricing engine rewrite",
        "Self-service onboarding",
        "Order management microservices",
        "Loyalty platform",
        "Booking engine modernisation",
    ),
    T.INFRASTRUCTURE_UPGRADE: (
        "Data centre exit",
        "Campus network refresh",
        "Windows 11 rollout",
        "SD-WAN rollout",
        "Storage array replacement",
        "Wi-Fi 6 upgrade",
        "Unified communications upgrade",
        "Backup platform replacement",
        "Mainframe hardware refresh",
    ),
    T.DATA_MIGRATION: (
        "Payroll data migration",
        "CRM consolidation",
        "Legacy warehouse to lakehouse",
        "HR records migration",
        "Customer master data clean-up",
        "Document archive migration",
        "ERP data cutover",
        "Policy administration data migration",
    ),
    T.CLOUD_IMPLEMENTATION: (
        "ERP cloud migration",
        "Azure landing zone",
        "Kubernetes platform",
        "AWS account factory",
        "SAP on cloud",
        "Serverless integration hub",
        "Disaster recovery to cloud",
        "Cloud cost management (FinOps)",
    ),
    T.CYBERSECURITY: (
        "SOC 2 readiness",
        "Zero-trust network",
        "Identity & access management",
        "Privileged access management",
        "SIEM replacement",
        "Endpoint detection rollout",
        "ISO 27001 certification",
        "Email security hardening",
    ),
    T.DIGITAL_TRANSFORMATION: (
        "Paperless procurement",
        "Digital workplace intranet",
        "RPA for accounts payable",
        "E-signature rollout",
        "Service desk modernisation",
        "Sales analytics in CRM",
        "Hybrid work enablement",
        "Contract lifecycle management",
    ),
}

# Used once a type's names run out (large scale): "Payroll data migration (wave 2)".
NAME_SUFFIXES: tuple[str, ...] = ("wave 2", "phase 2", "wave 3", "phase 3", "rollout", "extension")

PROJECT_PURPOSE: dict[ProjectType, str] = {
    T.SOFTWARE_DEVELOPMENT: "Builds and releases software the business runs on.",
    T.INFRASTRUCTURE_UPGRADE: "Replaces ageing infrastructure before support ends.",
    T.DATA_MIGRATION: "Moves and cleans data from legacy systems with a reconciled cutover.",
    T.CLOUD_IMPLEMENTATION: "Moves workloads to the cloud with a secure, costed landing zone.",
    T.CYBERSECURITY: "Closes security gaps found by audit and threat assessments.",
    T.DIGITAL_TRANSFORMATION: "Redesigns a business process end to end around digital tools.",
}

# Methodologies each type tends to use, cycled per type so every pairing shows up.
METHODOLOGY_ROTATION: dict[ProjectType, tuple[Methodology, ...]] = {
    T.SOFTWARE_DEVELOPMENT: (M.SCRUM, M.DEVOPS, M.KANBAN, M.HYBRID, M.SCRUM),
    T.INFRASTRUCTURE_UPGRADE: (M.WATERFALL, M.KANBAN, M.HYBRID, M.WATERFALL),
    T.DATA_MIGRATION: (M.HYBRID, M.WATERFALL, M.SCRUM, M.KANBAN),
    T.CLOUD_IMPLEMENTATION: (M.DEVOPS, M.SCRUM, M.KANBAN, M.DEVOPS),
    T.CYBERSECURITY: (M.WATERFALL, M.KANBAN, M.HYBRID, M.SCRUM),
    T.DIGITAL_TRANSFORMATION: (M.SCRUM, M.HYBRID, M.KANBAN, M.WATERFALL),
}

# Median budget in USD for a 12-month project of each type.
BUDGET_MEDIAN: dict[ProjectType, float] = {
    T.SOFTWARE_DEVELOPMENT: 1_200_000,
    T.INFRASTRUCTURE_UPGRADE: 2_000_000,
    T.DATA_MIGRATION: 800_000,
    T.CLOUD_IMPLEMENTATION: 1_500_000,
    T.CYBERSECURITY: 900_000,
    T.DIGITAL_TRANSFORMATION: 1_100_000,
}

C = CostCategory
COST_CATEGORIES: tuple[CostCategory, ...] = (C.LABOUR, C.VENDOR, C.CAPEX, C.OPEX)

# Share of each cost category in a type's budget (labour, vendor, capex, opex).
COST_MIX: dict[ProjectType, tuple[float, float, float, float]] = {
    T.SOFTWARE_DEVELOPMENT: (0.60, 0.20, 0.05, 0.15),
    T.INFRASTRUCTURE_UPGRADE: (0.25, 0.25, 0.40, 0.10),
    T.DATA_MIGRATION: (0.50, 0.30, 0.05, 0.15),
    T.CLOUD_IMPLEMENTATION: (0.35, 0.20, 0.05, 0.40),
    T.CYBERSECURITY: (0.35, 0.40, 0.10, 0.15),
    T.DIGITAL_TRANSFORMATION: (0.45, 0.35, 0.05, 0.15),
}

# ---------------------------------------------------------------------------- people

FIRST_NAMES: tuple[str, ...] = (
    "Ava", "Noah", "Olivia", "Liam", "Emma", "Ethan", "Sophia", "Lucas", "Mia", "Mateo",
    "Amelia", "Arjun", "Harper", "Kenji", "Isla", "Omar", "Chloe", "Diego", "Grace", "Samuel",
    "Priya", "Jonas", "Zara", "Felix", "Leila", "Hugo", "Nora", "Tariq", "Freya", "Marco",
    "Aisha", "Erik", "Hana", "Luca", "Maya", "Rafael", "Ingrid", "Kwame", "Elena", "Tom",
    "Sofia", "Daniel", "Yuki", "Caleb", "Anika", "Ruben", "Clara", "Malik", "Ines", "Oscar",
    "Layla", "Henrik", "Mei", "Adam", "Rosa", "Victor", "Naomi", "Pablo", "Lena", "Idris",
    "Julia", "Kofi", "Elif", "Simon", "Farah", "Leo", "Astrid", "Ravi", "Carmen", "Jakob",
    "Amara", "Nikolai", "Sana", "Theo", "Lucia", "Bruno", "Keira", "Hamza", "Vera", "Ali",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Thompson", "Patel", "Nguyen", "Garcia", "Okafor", "Schmidt", "Rossi", "Kowalski", "Tanaka",
    "Johansson", "Fernandes", "Murphy", "Haddad", "Kim", "Dubois", "Mensah", "Silva", "Novak",
    "Larsen", "Ahmed", "Walsh", "Moreau", "Costa", "Singh", "Bauer", "Ivanova", "Chen", "Lopez",
    "Nakamura", "Okonkwo", "Berg", "Romano", "Hughes", "Khan", "Jansen", "Alvarez", "Fischer",
    "Osei", "Lindqvist", "Reyes", "Sato", "Meyer", "Carter", "Rahman", "Eriksen", "Bianchi",
    "Mwangi", "Varga", "Sharma", "Keller", "O'Brien", "Santos", "Yilmaz", "Horvat", "Wright",
    "Nielsen", "Castillo", "Ito", "Adeyemi", "Brennan", "Das", "Vogel", "Marino", "Popescu",
    "Lambert", "Abbasi", "Holm", "Ruiz", "Park", "Gallagher", "Mehta", "Weber", "Suzuki", "Evans",
)  # fmt: skip

EXECUTIVE_TITLES: tuple[str, ...] = ("Chief Information Officer", "Chief Technology Officer")

SPONSOR_TITLES: tuple[str, ...] = (
    "Chief Financial Officer",
    "Chief Operating Officer",
    "Chief Customer Officer",
    "Chief Information Security Officer",
    "Chief People Officer",
    "Head of Sales Operations",
    "Head of Procurement",
    "Chief Data Officer",
    "Director of Facilities",
    "Head of Customer Service",
)

PROJECT_MANAGER_TITLES: tuple[str, ...] = ("Project Manager", "Senior Project Manager")
SCRUM_MASTER_TITLES: tuple[str, ...] = ("Scrum Master", "Agile Delivery Lead")

TEAM_NAMES: tuple[str, ...] = (
    "Atlas", "Borealis", "Cobalt", "Dynamo", "Ember", "Falcon", "Granite", "Harbour", "Ion",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orion", "Pioneer", "Quasar", "Raven",
    "Summit", "Tundra", "Umbra", "Vector", "Willow", "Xenon", "Yukon", "Zephyr", "Aurora",
    "Beacon", "Cedar", "Delta", "Echo", "Fjord", "Glacier", "Helix", "Indigo", "Jade",
)  # fmt: skip

# UTC offsets (minutes) of team locations; 09:00-17:00 local stays on the same UTC date.
TEAM_UTC_OFFSETS: tuple[int, ...] = (0, 60, -300, 330, 60, -360, 480, 0, 120, -300, 330, 60)

# ---------------------------------------------------------------------------- milestones

MILESTONE_NAMES: dict[ProjectType, tuple[str, ...]] = {
    T.SOFTWARE_DEVELOPMENT: (
        "Discovery complete",
        "Architecture approved",
        "MVP released",
        "Beta with pilot customers",
        "Performance tests passed",
        "General availability",
        "Hypercare exit",
    ),
    T.INFRASTRUCTURE_UPGRADE: (
        "Design signed off",
        "Hardware ordered",
        "Hardware delivered",
        "Pilot site migrated",
        "Wave 1 sites complete",
        "All sites complete",
        "Legacy decommissioned",
    ),
    T.DATA_MIGRATION: (
        "Data profiling complete",
        "Mapping rules signed off",
        "Trial migration 1",
        "Trial migration 2",
        "Reconciliation signed off",
        "Cutover weekend",
        "Legacy read-only",
    ),
    T.CLOUD_IMPLEMENTATION: (
        "Cloud design approved",
        "Landing zone ready",
        "First workload migrated",
        "Non-production migrated",
        "Production migrated",
        "Data centre contract ended",
        "FinOps handover",
    ),
    T.CYBERSECURITY: (
        "Gap assessment complete",
        "Control design approved",
        "Tooling deployed",
        "Policies published",
        "Internal audit passed",
        "External audit passed",
        "Certification granted",
    ),
    T.DIGITAL_TRANSFORMATION: (
        "Current process mapped",
        "Target process approved",
        "Pilot live",
        "Training complete",
        "Rollout complete",
        "Benefits review",
        "Handover to operations",
    ),
}

# ---------------------------------------------------------------------------- risks

RISK_TITLES: dict[ProjectType, tuple[str, ...]] = {
    T.SOFTWARE_DEVELOPMENT: (
        "Performance under peak load not yet proven",
        "Third-party API rate limits too low for launch volumes",
        "Accessibility audit may require UI rework",
    ),
    T.INFRASTRUCTURE_UPGRADE: (
        "Hardware lead times beyond 16 weeks",
        "Site access restrictions during change freeze",
        "Legacy applications incompatible with new OS build",
    ),
    T.DATA_MIGRATION: (
        "Source data quality worse than profiled",
        "Cutover window too short for a full reload",
        "Reconciliation rules not agreed with finance",
    ),
    T.CLOUD_IMPLEMENTATION: (
        "Egress costs above the business case",
        "Landing-zone policy exceptions pile up",
        "Licences not portable to the cloud",
    ),
    T.CYBERSECURITY: (
        "Legacy apps incompatible with MFA",
        "Audit evidence gaps in access reviews",
        "Shortage of security engineers",
    ),
    T.DIGITAL_TRANSFORMATION: (
        "Low adoption by field staff",
        "Process owners not identified",
        "Union consultation may delay rollout",
    ),
}

GENERIC_RISK_TITLES: tuple[str, ...] = (
    "Key subject-matter experts unavailable during UAT",
    "Vendor staff turnover",
    "Scope creep from business change requests",
    "Dependency on another programme's release",
    "Licence cost increase at renewal",
    "Test environments unstable",
    "Change fatigue in business teams",
    "Funding for the next phase not yet approved",
)

ISSUE_TITLES: tuple[str, ...] = (
    "Supplier missed a contractual delivery date",
    "Defect backlog above the exit criteria",
    "Test data not available",
    "Key architect left the project",
    "Production change freeze extended",
    "Integration partner environment down",
)

MITIGATIONS: tuple[str, ...] = (
    "Weekly checkpoint with the vendor; penalties invoked if the date slips again.",
    "Second supplier engaged as a fallback.",
    "Backfill agreed with the line manager; knowledge transfer sessions booked.",
    "Scope split: must-haves first, the rest moved to a later release.",
    "Escalated to the steering committee for a decision.",
    "Additional test cycle planned before go-live.",
    "Automated checks added to the pipeline.",
    "Budget contingency drawn down with sponsor approval.",
)

# ---------------------------------------------------------------------------- status reports

COMMENTARY: dict[str, tuple[str, ...]] = {
    "green": (
        "Work is on plan; {milestone} on track for {date}.",
        "All workstreams green; sprint goals met and spend in line with the plan.",
        "Good progress this period; no new high risks raised.",
    ),
    "schedule": (
        "{milestone} forecast {days} days late after integration defects; recovery plan in place.",
        "Vendor delivery slipped; {milestone} re-planned to {date}.",
        "Velocity below plan for three sprints; scope for the next release under review.",
    ),
    "budget": (
        "Run rate above plan because of extra contractor capacity; EAC under review with finance.",
        "Vendor change requests have consumed most of the contingency.",
        "Licence costs higher than the business case; savings options being assessed.",
    ),
    "risk": (
        "A high risk is past its mitigation date: {risk}.",
        "Open high-exposure risk without an agreed owner: {risk}.",
        "Risk exposure rising: {risk}.",
    ),
    "scope": (
        "New regulatory requirements added to scope; change request raised.",
        "Business asked for additional integrations; impact assessment under way.",
    ),
}

DECISIONS: tuple[str, ...] = (
    "Approve change request for additional vendor capacity.",
    "Confirm the go-live date with the business owner.",
    "Agree to descope the reporting module to the next release.",
    "Release contingency to cover the hardware price increase.",
    "Nominate an owner for the data quality risk.",
    "Approve the extended cutover window.",
)

# ---------------------------------------------------------------------------- work items

ITEM_VERBS: tuple[str, ...] = (
    "Build", "Fix", "Migrate", "Automate", "Validate", "Harden", "Refactor", "Document",
    "Configure", "Test", "Design", "Decommission", "Integrate", "Monitor", "Upgrade",
)  # fmt: skip

ITEM_OBJECTS: dict[ProjectType, tuple[str, ...]] = {
    T.SOFTWARE_DEVELOPMENT: (
        "checkout flow", "login page", "search API", "notification service", "order history",
        "profile settings", "payment callback", "feature flags", "error pages", "release pipeline",
    ),
    T.INFRASTRUCTURE_UPGRADE: (
        "core switch config", "firewall rules", "rack layout", "VPN concentrator", "print servers",
        "laptop image", "DNS zones", "backup jobs", "monitoring agents", "site survey",
    ),
    T.DATA_MIGRATION: (
        "customer table mapping", "address cleansing", "payroll history load", "reconciliation report",
        "reference data", "duplicate detection", "cutover runbook", "extract job", "GL balances",
        "archive index",
    ),
    T.CLOUD_IMPLEMENTATION: (
        "landing zone policy", "VPC peering", "IAM roles", "Terraform module", "cost alerts",
        "container registry", "DR runbook", "log shipping", "secrets vault", "autoscaling rules",
    ),
    T.CYBERSECURITY: (
        "MFA enrolment", "access review", "SIEM use case", "EDR policy", "phishing simulation",
        "password vault", "audit evidence", "vulnerability scan", "key rotation", "SOC playbook",
    ),
    T.DIGITAL_TRANSFORMATION: (
        "approval workflow", "intranet page", "e-signature template", "bot for invoice matching",
        "training module", "service catalogue", "dashboard", "form digitisation", "CRM pipeline view",
        "supplier portal",
    ),
}  # fmt: skip

INCIDENT_TITLES: tuple[str, ...] = (
    "Elevated error rate after release",
    "Login failures for SSO users",
    "Checkout latency above SLO",
    "Batch job failed overnight",
    "Certificate expired on API gateway",
    "Database connection pool exhausted",
    "Payments callback timeouts",
    "Search results missing after reindex",
)

SPRINT_GOALS: tuple[str, ...] = (
    "Finish the integration with the payment provider",
    "Get the pilot release ready for UAT",
    "Burn down the high-priority defects",
    "Automate the regression suite",
    "Deliver the reporting MVP",
    "Complete the data load for wave 1",
    "Harden the platform for go-live",
)
