"""The dated-validity mixin for referential rows (Django side of `core.periods`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .periods import PeriodError, plan_succession


class NotInForce(LookupError):
    """No row of that key is in force on that date."""


class DatedQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> "DatedQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class DatedModel(models.Model):
    """A row valid from `valid_from` to `valid_to` (inclusive, empty = open-ended).

    Subclasses name in `validity_key` the fields that identify one value (e.g. the letter key
    and the sector): rows of one key never overlap. Saving a row that starts inside an
    open-ended one closes that one the day before, so a tariff change is one new row.
    """

    valid_from = models.DateField(_("en vigueur du"))
    valid_to = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Vide : sans date de fin.")
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Texte officiel ou origine.")
    )

    objects = DatedQuerySet.as_manager()
    validity_key: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            try:
                plan = plan_succession(list(self.same_key_rows().select_for_update()), self)
            except PeriodError as exc:
                raise ValidationError({"valid_from": str(exc)}) from exc
            if plan.closes is not None:
                plan.closes.valid_to = plan.closed_on
                plan.closes.save(update_fields=["valid_to"])
            if plan.ends_on is not None:
                self.valid_to = plan.ends_on
            super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.valid_from is None:
            return
        try:
            plan_succession(list(self.same_key_rows()), self)
        except PeriodError as exc:
            raise ValidationError({"valid_from": str(exc)}) from exc

    def _key_filter(self) -> dict | None:
        key = {}
        for name in self.validity_key:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            if value is None and not field.null:
                return None  # the form reports the missing field itself
            key[field.attname] = value
        return key

    def same_key_rows(self) -> models.QuerySet:
        key = self._key_filter()
        if key is None:
            return type(self).objects.none()
        return type(self).objects.filter(**key).exclude(pk=self.pk).order_by("valid_from")

    @classmethod
    def in_force(cls, day: date, **key):
        """The row of `key` in force on `day`; NotInForce names both when there is none."""
        row = cls.objects.in_force_on(day).filter(**key).first()
        if row is None:
            described = ", ".join(f"{k}={v}" for k, v in key.items())
            raise NotInForce(
                f"{cls._meta.verbose_name} : aucune valeur en vigueur le {day:%d/%m/%Y} ({described})"
            )
        return row

    @property
    def period_label(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "…"
        return f"{self.valid_from:%d/%m/%Y} → {end}"
