from .ald import AldCondition
from .control import (
    CodeBundle,
    CodeRestriction,
    ControlParameter,
    ControlParameterCode,
    ControlRule,
    ControlRuleSetting,
)
from .devices import Device, DeviceForfait
from .documents import AuthorizationType, DocumentType, RequiredDocument
from .geography import City, Delegation, Region
from .medicines import Medicine, MedicinePrice
from .providers import Provider
from .schemes import ContributionRate, ParameterCode, ReimbursementRate, Scheme, SchemeParameter
from .stamp import ReferentialStamp as ReferentialStamp  # not a referential: no admin
from .tariffs import LetterKey, LetterKeyValue, TariffForfait, TariffForfaitValue

__all__ = [
    "AldCondition",
    "AuthorizationType",
    "City",
    "CodeBundle",
    "CodeRestriction",
    "ControlParameter",
    "ControlParameterCode",
    "ControlRule",
    "ControlRuleSetting",
    "ContributionRate",
    "Delegation",
    "Device",
    "DeviceForfait",
    "DocumentType",
    "LetterKey",
    "LetterKeyValue",
    "Medicine",
    "MedicinePrice",
    "ParameterCode",
    "Provider",
    "Region",
    "ReimbursementRate",
    "RequiredDocument",
    "Scheme",
    "SchemeParameter",
    "TariffForfait",
    "TariffForfaitValue",
]
