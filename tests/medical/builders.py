"""A small fund for the medical control tests: the claims tariffs and providers (delegation of
Casablanca), one family living in Casablanca, the diabetes ALD, a physician with a portal
account, a medical reviewer, and the files an ALD request needs."""

from datetime import date

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from openamo.authorizations.models import ProviderAccess
from openamo.medical.documents import Upload
from openamo.referentials import models as ref
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.members.helpers import condition_make

PDF = b"%PDF-1.4\n% certificat medical\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MEDICAL_PERMS = (
    "view_aldrequest",
    "change_aldrequest",
    "view_counterexamination",
    "add_counterexamination",
    "change_counterexamination",
)


def fund_create(scheme):
    tariffs_create()
    providers_create()
    member, child = family_create(scheme)
    city = ref.City.objects.get(name="Casablanca")
    member.member.city = city
    member.member.save(update_fields=["city"])
    condition = condition_make("ALD9", label="Diabète")
    return member, child, condition


def physician_user(django_user_model, inpe: str = GP):
    user = django_user_model.objects.create_user("dr.traitant", password="Secret-pw-2026")
    ProviderAccess.objects.create(user=user, provider=ref.Provider.objects.get(inpe=inpe))
    return user


def reviewer_user(django_user_model, username="dr.controle"):
    user = django_user_model.objects.create_user(username, password="Secret-pw-2026", is_staff=True)
    perms = Permission.objects.filter(
        content_type__app_label="medical", codename__in=MEDICAL_PERMS
    ) | Permission.objects.filter(
        content_type__app_label="claims", codename__in=["view_claim", "add_linereview"]
    )
    user.user_permissions.set(perms)
    return django_user_model.objects.get(pk=user.pk)


def pdf(name="certificat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def uploads(*codes):
    codes = codes or ("ald_medical_certificate", "ald_identity", "ald_biology")
    return [Upload(code, f"{code}.pdf", pdf(f"{code}.pdf")) for code in codes]


CERTIFICATE_DAY = date(2019, 3, 1)
