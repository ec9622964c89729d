from .holds import PaymentHold
from .items import PaymentItem, PaymentSkip
from .payer import PayerAccount
from .runs import OrderStatus, PaymentOrder, PaymentRun, RunKind, RunStatus

__all__ = [
    "OrderStatus",
    "PayerAccount",
    "PaymentHold",
    "PaymentItem",
    "PaymentOrder",
    "PaymentRun",
    "PaymentSkip",
    "RunKind",
    "RunStatus",
]
