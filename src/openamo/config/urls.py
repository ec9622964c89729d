from django.contrib import admin
from django.urls import include, path

from openamo.api.v1 import api
from openamo.ops.health import healthz, readyz
from openamo.portal.security import ThrottledAdminAuthenticationForm

admin.site.site_header = "OpenAMO — administration"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_title = "OpenAMO"
admin.site.index_title = "Référentiels et paramétrage"
# The lists need the width (rates with their dates and source, medicines with their prices):
# the application list stays on the admin's home page.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("fhir/", include("openamo.api.fhir.urls")),
    path("", include("openamo.portal.urls")),
]

# Django renders templates/403.html, 404.html and 400.html (French, in the portal's layout);
# the server-error page is rendered without the request's context, so it needs no database.
handler500 = "openamo.portal.errors.server_error"
