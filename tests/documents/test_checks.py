"""What a file is, told by its content: the five accepted kinds, executables and archives
refused whatever their name, names made safe, the size told before reading."""

from pathlib import Path

import pytest

from openamo.documents import checks
from openamo.documents.config import documents_storage

from . import files

LIMIT = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("ordonnance.pdf", files.PDF, "pdf"),
        ("radio.PNG", files.PNG, "png"),
        ("photo.jpeg", files.JPEG, "jpeg"),
        ("photo.jpg", files.JPEG, "jpeg"),
        ("releve.xlsx", files.xlsx(), "xlsx"),
        ("liste.csv", files.CSV, "csv"),
        ("liste.csv", "nom;ville\nBénali;Fès\n".encode("cp1252"), "csv"),
        ("scan", files.PDF, "pdf"),  # no extension: the content decides
    ],
)
def test_the_accepted_kinds_are_told_by_their_content(name, data, kind):
    assert checks.check(name, data, max_bytes=LIMIT).code == kind


def test_an_executable_renamed_pdf_is_refused_with_a_clear_sentence():
    with pytest.raises(checks.Refused) as refused:
        checks.check("facture.pdf", files.EXE, max_bytes=LIMIT)
    assert str(refused.value) == (
        "« facture.pdf » est refusé : son contenu est un programme exécutable Windows, "
        "quel que soit son nom. Seuls les fichiers PDF, JPEG, PNG, XLSX ou CSV sont acceptés."
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "un programme exécutable Linux"),
        (b"#!/bin/sh\nrm -rf /\n", "un script exécutable"),
        (b"PK\x03\x04" + b"\x00" * 30, "une archive ZIP"),
        (b"<html><script>alert(1)</script>", "une page HTML ou un fichier XML"),
        (b"GIF89a" + b"\x00" * 10, "une image GIF"),
        (b"juste du texte sans separateur\n", "un fichier d'un type non reconnu"),
        (b"a;b\n\x00\x01binaire", "un fichier d'un type non reconnu"),
    ],
)
def test_other_contents_are_refused_naming_what_they_are(data, what):
    with pytest.raises(checks.Refused, match=what):
        checks.check("piece.pdf", data, max_bytes=LIMIT)


def test_a_name_claiming_another_accepted_kind_is_refused():
    with pytest.raises(checks.Refused) as refused:
        checks.check("radio.pdf", files.PNG, max_bytes=LIMIT)
    assert "son nom annonce un fichier PDF mais son contenu est un fichier PNG" in str(
        refused.value
    )


def test_the_size_is_refused_before_reading_and_an_empty_file_too():
    with pytest.raises(checks.Refused) as refused:
        checks.check_size("scan.pdf", 30 * 1024 * 1024, max_bytes=LIMIT)
    assert str(refused.value) == "« scan.pdf » pèse 30 Mo : la limite est de 10 Mo par fichier."
    with pytest.raises(checks.Refused, match="est vide"):
        checks.check_size("scan.pdf", 0, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("name", "kind", "safe"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("C:\\Users\\Ali\\Résumé médical.PDF", "pdf", "Resume_medical.pdf"),
        (".htaccess", "csv", "document.csv"),
        ("ordonnance.php.png", "png", "ordonnance.php.png"),
        ("scan", "jpeg", "scan.jpg"),
        ("\u0635\u0648\u0631\u0629.png", "png", "document.png"),
        ("a" * 300 + ".pdf", "pdf", "a" * 96 + ".pdf"),
        ('x"; filename=evil.exe', "pdf", "x_filename_evil.pdf"),
    ],
)
def test_names_are_sanitised_and_end_with_the_contents_extension(name, kind, safe):
    assert checks.sanitise(name, kind=checks.KINDS[kind]) == safe


def test_the_store_is_the_filesystem_by_default_and_s3_by_configuration():
    local = documents_storage({}, Path("/srv/var"))
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["OPTIONS"]["location"] == "/srv/var/documents"
    s3 = documents_storage(
        {
            "OPENAMO_DOCUMENTS_S3_BUCKET": "amo-pieces",
            "OPENAMO_DOCUMENTS_S3_ENDPOINT": "https://minio.caisse.local:9000",
            "OPENAMO_DOCUMENTS_S3_ACCESS_KEY": "key",
            "OPENAMO_DOCUMENTS_S3_SECRET_KEY": "secret",
        },
        Path("/srv/var"),
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {
        "bucket_name": "amo-pieces",
        "location": "documents",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "endpoint_url": "https://minio.caisse.local:9000",
        "access_key": "key",
        "secret_key": "secret",
    }
