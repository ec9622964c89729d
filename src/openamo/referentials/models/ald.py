from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel

from ..choices import ConditionKind
from ..fields import split_codes, validate_icd10_list


class AldCondition(DatedModel):
    """A long-term (ALD) or heavy and costly (ALC) condition opening the co-payment exemption."""

    code = models.CharField(_("code"), max_length=20, help_text=_("Ex. ALD34."))
    number = models.PositiveSmallIntegerField(_("numéro dans la liste"))
    kind = models.CharField(
        _("type"), max_length=3, choices=ConditionKind.choices, default=ConditionKind.ALD
    )
    label = models.CharField(_("libellé"), max_length=250)
    anam_code = models.CharField(_("code ANAM"), max_length=20, blank=True)
    icd10_codes = models.CharField(
        _("codes CIM-10"),
        max_length=500,
        validators=[validate_icd10_list],
        help_text=_("Séparés par des virgules : E10, E11, E14."),
    )
    lifetime_exemption = models.BooleanField(
        _("exonération à vie"), default=False, help_text=_("Ex. diabète, hypertension sévère.")
    )
    history = HistoricalRecords()
    validity_key = ("code",)

    class Meta:
        verbose_name = _("affection ALD/ALC")
        verbose_name_plural = _("liste des ALD/ALC")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="uniq_ald_start")
        ]

    @property
    def icd10_list(self) -> list[str]:
        return split_codes(self.icd10_codes)

    def covers_diagnosis(self, icd10: str) -> bool:
        """True when the diagnosis falls under one of the listed codes (E11.9 under E11)."""
        code = icd10.strip().upper()
        return any(code == c or code.startswith(c.rstrip(".")) for c in self.icd10_list)

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"
