from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.search, name="search"),
    path("ny/", views.child_create, name="create"),
    path("begrundet-adgang/", views.break_glass, name="break_glass"),
    path("<id:child_id>/", views.child_detail, name="detail"),
    path("<id:child_id>/rediger/", views.child_edit, name="edit"),
    path("<id:child_id>/journal/", views.journal_add, name="journal_add"),
    path("<id:child_id>/relationer/ny/", views.relation_add, name="relation_add"),
    path("<id:child_id>/relationer/<id:relation_id>/", views.relation_edit, name="relation_edit"),
    path("<id:child_id>/relationer/<id:relation_id>/fjern/", views.relation_remove, name="relation_remove"),
    path("<id:child_id>/sag/fordel/", views.case_assign, name="case_assign"),
    path("<id:child_id>/sag/luk/", views.case_close, name="case_close"),
    path("<id:child_id>/sag/genaabn/", views.case_reopen, name="case_reopen"),
    path("<id:child_id>/dokumenter/", views.document_upload, name="document_upload"),
    path("<id:child_id>/historik/", views.child_history, name="history"),
    path("dokumenter/<uuid:public_id>/", views.document_download, name="document_download"),
]
