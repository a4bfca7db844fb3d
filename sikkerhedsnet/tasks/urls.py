"""Mounted at the site root: the pages keep the addresses they had in the apps they came from."""

from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("boern/mine-sager/", views.my_cases, name="my_cases"),
    path("underretninger/mine-opgaver/", views.my_tasks, name="my_tasks"),
    path("accounts/team/", views.team_dashboard, name="team_dashboard"),
    path("boern/mine-konsulentsager/", views.consultations, name="consultations"),
    path("boern/filtre/gem/", views.filter_save, name="filter_save"),
    path("boern/filtre/<id:filter_id>/slet/", views.filter_delete, name="filter_delete"),
    path("accounts/team/omfordel/", views.reassign, name="reassign"),
    # The private iCal feed: the secret is the only key (no session); see tasks/calendar.py.
    path("kalender/<str:secret>/frister.ics", views.calendar_feed, name="calendar_feed"),
    path("accounts/team/adgang/<id:access_id>/set/", views.break_glass_reviewed, name="break_glass_reviewed"),
]
