"""Scans of the paper claim file: a processor attaches them on the claim page (PDF or image,
told by content), staff who read claims download them (logged), nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openamo.audit.models import AccessLog, AuditEntry
from openamo.documents.models import Document
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import PROCESSOR_PERMS, claim_make, user_with
from tests.documents import files
from tests.documents.conftest import document_files  # noqa: F401 (files under tmp_path)

pytestmark = pytest.mark.django_db


def test_a_processor_attaches_a_scan_that_only_staff_read(client, cnops, django_user_model):
    tariffs_create()
    providers_create()
    holder, _ = family_create(cnops)
    claim = claim_make(holder)
    processor = user_with(django_user_model, "liquidateur", *PROCESSOR_PERMS)
    client.force_login(processor)
    url = reverse("portal:claims:scan_upload", args=[claim.reference])
    client.post(url, {"file": SimpleUploadedFile("feuille soins.jpg", files.JPEG)})
    scan = Document.objects.get()
    assert (scan.name, scan.kind, scan.beneficiary_id) == ("feuille_soins.jpg", "jpeg", holder.pk)
    assert AuditEntry.objects.filter(object_id=str(claim.pk), changes__has_key="scan").exists()
    page = client.get(reverse("portal:claims:detail", args=[claim.reference])).content.decode()
    download = reverse("portal:documents:download", args=[scan.pk])
    assert download in page and "feuille_soins.jpg" in page

    refused = client.post(url, {"file": files.upload("releve.xlsx", files.xlsx())}, follow=True)
    assert "« releve.xlsx » est un fichier XLSX : ici, seuls les fichiers PDF, JPEG, PNG sont" in (
        refused.content.decode()
    )
    assert Document.objects.count() == 1

    assert client.get(download).status_code == 200
    assert AccessLog.objects.get(what="document").beneficiary_id == holder.pk
    insured = django_user_model.objects.create_user("assure", password="x")
    PortalAccess.objects.create(user=insured, role="insured", member=holder.member)
    client.force_login(insured)
    assert client.get(download).status_code == 404
