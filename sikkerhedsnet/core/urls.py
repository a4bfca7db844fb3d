from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("job/<uuid:public_id>/", views.job_detail, name="job_detail"),
    path("job/<uuid:public_id>/hent/", views.job_download, name="job_download"),
]
