from django.contrib import admin
from django.urls import include, path

from openamo.api.v1 import api
from openamo.ops.health import healthz, readyz
from openamo.portal.security import ThrottledAdminAuthenticationForm

admin.site.site_header = "OpenAMO — administration"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_title = "OpenAMO"
admin.site.index_title = "Référentiels et paramétrage"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("fhir/", include("openamo.api.fhir.urls")),
    path("", include("openamo.portal.urls")),
]
