from django.contrib import admin
from django.urls import include, path

from openamo.api.v1 import api

admin.site.site_header = "OpenAMO — administration"
admin.site.site_title = "OpenAMO"
admin.site.index_title = "Référentiels et paramétrage"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("openamo.portal.urls")),
]
