from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("barn/<int:child_id>/", views.child_followups, name="child"),
    path("indsats/<int:measure_id>/registrer/", views.hold, name="hold"),
    path("<int:followup_id>/", views.followup_detail, name="detail"),
    path("politikker/", views.policies, name="policies"),
    path("indstillinger/", views.settings_view, name="settings"),
    path("sagsfordeling/", views.caseload, name="caseload"),
]
