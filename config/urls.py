from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from sikkerhedsnet.api.urls import api
from sikkerhedsnet.core.views import healthz
from sikkerhedsnet.site.home import home

admin.site.site_header = "Sikkerhedsnet – administration"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("sikkerhedsnet.tasks.urls")),
    path("accounts/", include("sikkerhedsnet.accounts.urls")),
    path("boern/", include("sikkerhedsnet.children.urls")),
    path("underretninger/", include("sikkerhedsnet.intake.urls")),
    path("sikkerhed/", include("sikkerhedsnet.safety.urls")),
    path("indsatser/", include("sikkerhedsnet.measures.urls")),
    path("opfoelgning/", include("sikkerhedsnet.followup.urls")),
    path("rapporter/", include("sikkerhedsnet.reports.urls")),
    path("logning/", include("sikkerhedsnet.insight.urls")),
    path("", include("sikkerhedsnet.core.urls")),
    path("", include("sikkerhedsnet.site.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler404 = "sikkerhedsnet.site.errorviews.not_found"
handler403 = "sikkerhedsnet.site.errorviews.forbidden"
handler500 = "sikkerhedsnet.site.errorviews.server_error"
