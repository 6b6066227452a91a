"""The archive (A1–A8): catalogue items under a clearance ceiling, their intake and removal,
reading requests, loans and their register, missing-item reports, inspections, destruction
and statistics requests. One module per area, as services and views; every model is
importable from here.
"""

from .catalogue import CUSTODIAN_LEVELS, ArchiveItem, ItemMovement, LevelTally, retention_end
from .destruction import Destruction
from .inspections import Inspection, InspectionFinding
from .loans import GRANTING_LOAN_STATUSES, OPEN_LOAN_STATUSES, PENDING_LOAN_STATUSES, Loan
from .missing import MissingReport
from .reading import ReadingRequest
from .statistics import StatisticsRequest

__all__ = [
    "CUSTODIAN_LEVELS",
    "GRANTING_LOAN_STATUSES",
    "OPEN_LOAN_STATUSES",
    "PENDING_LOAN_STATUSES",
    "ArchiveItem",
    "Destruction",
    "Inspection",
    "InspectionFinding",
    "ItemMovement",
    "LevelTally",
    "Loan",
    "MissingReport",
    "ReadingRequest",
    "StatisticsRequest",
    "retention_end",
]
