from django.urls import path

from . import views

app_name = "site"
urlpatterns = [
    path("sletning/", views.retention_index, name="retention_index"),
    path("sletning/planlaeg/", views.retention_plan, name="retention_plan"),
    path("sletning/<id:run_id>/", views.retention_run, name="retention_run"),
    path("sletning/<id:run_id>/gennemfoer/", views.retention_decide, {"decision": "commit"}, name="retention_commit"),
    path("sletning/<id:run_id>/kasser/", views.retention_decide, {"decision": "discard"}, name="retention_discard"),
    path("sletning/slettestop/<id:child_id>/", views.legal_hold, name="legal_hold"),
]
