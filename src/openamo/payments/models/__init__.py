from .holds import PaymentHold
from .items import PaymentItem, PaymentSkip
from .payer import PayerAccount
from .receivables import Receivable, ReceivableOffset
from .runs import OrderStatus, PaymentOrder, PaymentRun, RunKind, RunStatus

__all__ = [
    "OrderStatus",
    "PayerAccount",
    "PaymentHold",
    "PaymentItem",
    "PaymentOrder",
    "PaymentRun",
    "PaymentSkip",
    "Receivable",
    "ReceivableOffset",
    "RunKind",
    "RunStatus",
]
