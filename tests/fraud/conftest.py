from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401
from tests.documents.conftest import document_files  # noqa: E402, F401 (files under tmp_path)
