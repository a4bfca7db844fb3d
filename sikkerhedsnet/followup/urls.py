from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("barn/<id:child_id>/", views.child_followups, name="child"),
    path("indsats/<id:measure_id>/registrer/", views.hold, name="hold"),
    path("<id:followup_id>/", views.followup_detail, name="detail"),
    path("politikker/", views.policies, name="policies"),
    path("indstillinger/", views.settings_view, name="settings"),
    path("indstillinger/skift/<id:adoption_id>/", views.moved, name="moved"),
    path("sagsfordeling/", views.caseload, name="caseload"),
]
