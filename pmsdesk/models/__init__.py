"""SQLAlchemy mapped classes of the pmsdesk domain (no behaviour beyond invariants)."""

from .accounts import User, UserRole
from .agreements import AgreementItem, Assessment, AssessmentRating, DevelopmentAction, PerformanceAgreement
from .audit import AuditAnchor, AuditEvent
from .base import LOCAL_OFFICE, Base, SyncedMixin, new_uuid
from .enums import (
    ActualStatus,
    AgreementItemKind,
    AgreementKind,
    AgreementStatus,
    AssessmentStatus,
    CalculationType,
    DevelopmentStatus,
    Direction,
    KpaScope,
    KpiConcept,
    KpiType,
    MeasureType,
    OrganisationKind,
    PeriodKind,
    PlanKind,
    Role,
    UnitLevel,
)
from .kpi import Kpi, KpiTarget
from .organisation import Organisation, OrganisationLogo, Person, Position, Unit
from .pepmis import PepmisAppeal, PepmisAssignment, PepmisPlan, PepmisProgress, PepmisSubTask, PepmisTask
from .planning import FinancialYear, Kpa, Plan, Programme, ReportingPeriod, StrategicObjective
from .providers import ServiceProvider, ServiceProviderAssessment
from .quality import DataQualityFlag, ImportTemplate, IssuedDocument
from .reporting import EvidenceContent, EvidenceFile, PeriodActual
from .risk import Risk
from .scored import ScoredResult
from .settings import InstallationSetting, RuleSet
from .sync import SyncConflict, SyncPackageLog, SyncPeer, SyncRowClock, SyncTrustedKey

__all__ = [
    "LOCAL_OFFICE",
    "ActualStatus",
    "AgreementItem",
    "DevelopmentAction",
    "AgreementItemKind",
    "AgreementKind",
    "AgreementStatus",
    "Assessment",
    "AssessmentRating",
    "AssessmentStatus",
    "DevelopmentStatus",
    "AuditAnchor",
    "AuditEvent",
    "Base",
    "DataQualityFlag",
    "CalculationType",
    "Direction",
    "EvidenceContent",
    "EvidenceFile",
    "FinancialYear",
    "ImportTemplate",
    "InstallationSetting",
    "IssuedDocument",
    "Kpa",
    "KpaScope",
    "Kpi",
    "KpiConcept",
    "KpiTarget",
    "KpiType",
    "MeasureType",
    "Organisation",
    "OrganisationKind",
    "OrganisationLogo",
    "PepmisAppeal",
    "PepmisAssignment",
    "PepmisPlan",
    "PepmisProgress",
    "PepmisSubTask",
    "PepmisTask",
    "PerformanceAgreement",
    "PeriodActual",
    "PeriodKind",
    "Person",
    "Plan",
    "PlanKind",
    "Position",
    "Programme",
    "ReportingPeriod",
    "Risk",
    "ServiceProvider",
    "ServiceProviderAssessment",
    "ScoredResult",
    "Role",
    "RuleSet",
    "StrategicObjective",
    "SyncedMixin",
    "Unit",
    "UnitLevel",
    "User",
    "UserRole",
    "new_uuid",
    "SyncConflict",
    "SyncPackageLog",
    "SyncPeer",
    "SyncRowClock",
    "SyncTrustedKey",
]
