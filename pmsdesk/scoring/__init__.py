"""The scoring engine: pure Python, no Qt and no database.

A database adapter builds :class:`KpiDefinition` and :class:`PeriodFigure`
values, loads a rule set (:func:`default_rule_set` or a stored one checked by
:func:`validate_rule_set`) and calls :func:`score_kpi`, :func:`roll_up`,
:func:`project_year_end` or one of the individual assessments.
"""

from . import headline
from .errors import RuleSetError, ScoringInputError
from .ke_pc import (
    AppraisalTarget,
    ContractAssessment,
    ContractIndicator,
    SpasAppraisal,
    assess_performance_contract,
    assess_spas,
    raw_score,
)
from .kpi_inputs import KpiDefinition, PeriodFigure, TargetBasis
from .kpi_result import Figure, FigureStatus, KpiResult, score_kpi, traffic_light
from .opras import OprasAppraisal, assess_opras
from .projection import YearEndProjection, project_year_end, score_and_project
from .ratings import ComponentScore, RatedItem
from .rollup import Rollup, RollupEntry, roll_up, roll_up_each
from .rules import DEFAULT_RULE_SETS, default_rule_set, rule_set_ref, validate_rule_set
from .s56 import S56Assessment, assess_s56
from .sdbip_rules import SdbipRules
from .serialise import to_jsonable

__all__ = [
    "DEFAULT_RULE_SETS", "AppraisalTarget", "ComponentScore", "ContractAssessment",
    "ContractIndicator", "Figure", "FigureStatus", "KpiDefinition", "KpiResult",
    "OprasAppraisal", "PeriodFigure", "RatedItem", "Rollup", "RollupEntry", "RuleSetError",
    "S56Assessment", "ScoringInputError", "SdbipRules", "SpasAppraisal", "TargetBasis",
    "YearEndProjection", "assess_opras", "assess_performance_contract", "assess_s56",
    "assess_spas", "default_rule_set", "headline", "project_year_end", "raw_score", "roll_up",
    "roll_up_each", "rule_set_ref", "score_and_project", "score_kpi", "to_jsonable",
    "traffic_light", "validate_rule_set",
]
