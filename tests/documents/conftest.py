import pytest


@pytest.fixture(autouse=True)
def document_files(settings, tmp_path):
    """Documents written under the test's own directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    return tmp_path / "documents"
