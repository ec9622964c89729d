"""Import tabular files into models, all or nothing.

A spec says which columns fill which fields of one or more models per row ("parts": a medicine
and its dated price, say). Every row is validated by a ModelForm; rows are saved inside one
transaction so later rows can refer to earlier ones and overlaps inside the file are caught
like overlaps with the database. If any row is bad, nothing is kept and every bad row is named
by its line and column.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation

from .tabular import Row, TabularError, read_rows

TRUE_WORDS = {"1", "oui", "o", "vrai", "true", "yes", "y", "x"}
FALSE_WORDS = {"0", "non", "n", "faux", "false", "no", ""}


class YesNoField(forms.Field):
    """oui/non, vrai/faux, 1/0, true/false; anything else is an error, never a silent True."""

    def to_python(self, value):
        word = str(value or "").strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(f"« {value} » : oui ou non attendu")

    def validate(self, value):
        return None


class CodeChoiceField(forms.ModelChoiceField):
    """A related row named by its code in the file; unchanged when the code is the same."""

    def has_changed(self, initial, data):
        if initial is not None and not hasattr(initial, "_meta"):
            initial = (
                self.queryset.filter(pk=initial).values_list(self.to_field_name, flat=True).first()
            )
        elif initial is not None:
            initial = getattr(initial, self.to_field_name)
        return str(initial or "") != str(data or "").strip()


@dataclass
class Part:
    model: type[models.Model]
    columns: dict[str, str]  # file column -> model field
    lookup: tuple[str, ...]  # fields identifying the row to update instead of creating one
    codes: dict[str, str] = field(default_factory=dict)  # FK field -> related field in the file
    parent: str | None = None  # FK field set to the previous part's row
    optional: tuple[str, ...] = ()  # columns that may be absent from the header

    def form_class(self) -> type[forms.ModelForm]:
        def callback(f: models.Field, **kwargs):
            if isinstance(f, models.BooleanField):
                return YesNoField(label=f.verbose_name, required=False)
            if f.name in self.codes:
                return CodeChoiceField(
                    queryset=f.remote_field.model._default_manager.all(),
                    to_field_name=self.codes[f.name],
                    required=not f.blank,
                    error_messages={"invalid_choice": "code inconnu dans le référentiel"},
                )
            return f.formfield(localize=isinstance(f, models.DecimalField), **kwargs)

        return forms.modelform_factory(
            self.model, fields=list(self.columns.values()), formfield_callback=callback
        )


@dataclass
class ImportSpec:
    name: str
    label: str
    parts: Sequence[Part]
    prepare: Callable[[dict[str, str]], dict[str, str]] | None = None

    @property
    def columns(self) -> list[str]:
        return [c for p in self.parts for c in p.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c for p in self.parts for c in p.columns if c not in p.optional]


@dataclass
class LineError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line}" if self.line else "fichier"
        col = f", colonne « {self.column} »" if self.column else ""
        return f"{where}{col} : {self.message}"


@dataclass
class ImportResult:
    spec: ImportSpec
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{self.spec.label} : {len(self.errors)} erreur(s), rien n'a été importé."
        return (
            f"{self.spec.label} : {self.rows} ligne(s) importée(s) "
            f"({self.created} enregistrement(s) créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s))."
        )


class _Rollback(Exception):
    pass


def _existing_row(part: Part, form: forms.ModelForm, data: dict, parent):
    """The row the lookup fields point at, if it exists (so the import updates it)."""
    key = {part.parent: parent} if part.parent else {}
    for name in part.lookup:
        if name == part.parent:
            continue
        try:
            key[name] = form.fields[name].clean(data.get(name, ""))
        except ValidationError:
            return None
        if key[name] in (None, ""):
            return None
    return part.model._default_manager.filter(**key).first()


def _changed(form: forms.ModelForm) -> bool:
    """Whether saving would change the row (an end date left empty in the file but set by the
    succession of periods is not a change), so reloading a file adds no history noise."""
    return any(
        not (name == "valid_to" and form.cleaned_data.get(name) is None)
        for name in form.changed_data
    )


def _save_part(part: Part, values: dict, parent, result: ImportResult, line: int):
    form_class = part.form_class()
    data = {f: values.get(c, "") for c, f in part.columns.items()}
    column_of = {f: c for c, f in part.columns.items()}
    instance = part.model(**({part.parent: parent} if part.parent else {}))
    probe = form_class(data, instance=instance)
    existing = _existing_row(part, probe, data, parent)
    if existing is not None:
        probe = form_class(data, instance=existing)
    if not probe.is_valid():
        for fname, messages in probe.errors.items():
            column = column_of.get(fname, "")
            for message in messages:
                result.errors.append(LineError(line, column, message))
        return None
    is_new = probe.instance.pk is None
    if not is_new and not _changed(probe):
        result.unchanged += 1
        return probe.instance
    try:
        with transaction.atomic():
            row = probe.save()
    except ValidationError as exc:
        for fname, messages in exc.message_dict.items():
            for message in messages:
                result.errors.append(LineError(line, column_of.get(fname, ""), message))
        return None
    except IntegrityError as exc:
        result.errors.append(LineError(line, "", f"doublon ou contrainte non respectée ({exc})"))
        return None
    if is_new:
        result.created += 1
    else:
        result.updated += 1
    return row


def import_rows(spec: ImportSpec, columns: list[str], rows: list[Row], dry_run=False):
    result = ImportResult(spec)
    missing = [c for c in spec.required_columns if c not in columns]
    if missing:
        result.errors.append(LineError(1, ", ".join(missing), "colonne(s) absente(s) de l'en-tête"))
        return result
    with translation.override("fr"):
        try:
            with transaction.atomic():
                for row in rows:
                    values = spec.prepare(dict(row.values)) if spec.prepare else row.values
                    parent = None
                    for part in spec.parts:
                        parent = _save_part(part, values, parent, result, row.line)
                        if parent is None:
                            break
                    result.rows += 1
                if result.errors or dry_run:
                    raise _Rollback
        except _Rollback:
            pass
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def import_file(spec: ImportSpec, name: str, content: bytes, dry_run=False) -> ImportResult:
    try:
        columns, rows = read_rows(name, content)
    except TabularError as exc:
        result = ImportResult(spec)
        result.errors.append(LineError(0, "", str(exc)))
        return result
    return import_rows(spec, columns, rows, dry_run=dry_run)
