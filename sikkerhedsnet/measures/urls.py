from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.offer_list, name="offers"),
    path("tilbud/ny/", views.offer_create, name="offer_create"),
    path("tilbud/<id:offer_id>/", views.offer_detail, name="offer_detail"),
    path("tilbud/<id:offer_id>/rediger/", views.offer_edit, name="offer_edit"),
    path("hjemler/", views.legal_basis_list, name="legal_bases"),
    path("hjemler/ny/", views.legal_basis_edit, name="legal_basis_create"),
    path("hjemler/<id:basis_id>/rediger/", views.legal_basis_edit, name="legal_basis_edit"),
    path("barn/<id:child_id>/", views.child_measures, name="child"),
    path("barn/<id:child_id>/ny/", views.measure_decide, name="decide"),
    path("barn/<id:child_id>/trappe/", views.staircase_move, name="staircase_move"),
    path("barn/<id:child_id>/plan/", views.action_plan, name="plan"),
    path("barn/<id:child_id>/plan/maal/", views.goal_add, name="goal_add"),
    path("maal/<id:goal_id>/status/", views.goal_status, name="goal_status"),
    path("<id:measure_id>/", views.measure_detail, name="measure_detail"),
    path("<id:measure_id>/rediger/", views.measure_edit, name="measure_edit"),
]
