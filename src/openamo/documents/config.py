"""Where document files live, read from the environment by the settings (no Django import).

OPENAMO_DOCUMENTS_S3_BUCKET  when set, files go to this bucket of an S3-compatible object store
    through django-storages (boto3 must then be installed); else to the filesystem under
    `<var>/documents`.
OPENAMO_DOCUMENTS_S3_ENDPOINT  the store's URL (MinIO, Ceph, a cloud's S3), empty for AWS.
OPENAMO_DOCUMENTS_S3_REGION, OPENAMO_DOCUMENTS_S3_ACCESS_KEY, OPENAMO_DOCUMENTS_S3_SECRET_KEY
    (empty keys: boto3's own chain, e.g. an instance role), OPENAMO_DOCUMENTS_S3_PREFIX
    (default "documents").
OPENAMO_DOCUMENT_MAX_BYTES  the largest file accepted (default 10 MB).
"""

from collections.abc import Mapping
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def documents_storage(env: Mapping[str, str], var_dir: Path) -> dict:
    """The `STORAGES["documents"]` entry."""
    bucket = env.get("OPENAMO_DOCUMENTS_S3_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": str(var_dir / "documents"),
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        }
    options = {
        "bucket_name": bucket,
        "location": env.get("OPENAMO_DOCUMENTS_S3_PREFIX", "documents"),
        "default_acl": None,  # private: files are only ever served through the application
        "file_overwrite": False,
        "querystring_auth": True,
    }
    for key, option in (
        ("OPENAMO_DOCUMENTS_S3_ENDPOINT", "endpoint_url"),
        ("OPENAMO_DOCUMENTS_S3_REGION", "region_name"),
        ("OPENAMO_DOCUMENTS_S3_ACCESS_KEY", "access_key"),
        ("OPENAMO_DOCUMENTS_S3_SECRET_KEY", "secret_key"),
    ):
        if value := env.get(key, "").strip():
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def max_bytes(env: Mapping[str, str]) -> int:
    return int(env.get("OPENAMO_DOCUMENT_MAX_BYTES", str(DEFAULT_MAX_BYTES)))
