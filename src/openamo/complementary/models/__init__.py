from .cover import (
    Basis,
    Contract,
    ContractKind,
    Endorsement,
    Enrolment,
    Flow,
    Guarantee,
    Insurer,
    InsurerKind,
    NetworkProvider,
)
from .flows import (
    FlowFile,
    FlowFileStatus,
    Movement,
    MovementKind,
    RecourseLine,
    RecourseStatement,
    RecourseStatus,
)
from .statements import ComplementaryLine, ComplementaryStatement

__all__ = [
    "Basis",
    "ComplementaryLine",
    "ComplementaryStatement",
    "Contract",
    "ContractKind",
    "Endorsement",
    "Enrolment",
    "Flow",
    "FlowFile",
    "FlowFileStatus",
    "Guarantee",
    "Insurer",
    "InsurerKind",
    "Movement",
    "MovementKind",
    "NetworkProvider",
    "RecourseLine",
    "RecourseStatement",
    "RecourseStatus",
]
