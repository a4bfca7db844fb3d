from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("ny/", views.register, name="register"),
    path("<id:notification_id>/", views.notification_detail, name="notification_detail"),
    path("<id:notification_id>/vurdering/", views.notification_assess, name="notification_assess"),
    path("<id:notification_id>/kvittering/", views.notification_receipt, name="notification_receipt"),
    path("<id:notification_id>/boernesamtale/", views.notification_conversation, name="notification_conversation"),
    path("<id:notification_id>/sammenlaeg/", views.notification_merge, name="notification_merge"),
    path("<id:notification_id>/afslut/", views.notification_close, name="notification_close"),
    path("<id:notification_id>/tag/", views.notification_take, name="notification_take"),
    path("barn/<id:child_id>/", views.child_overview, name="child_overview"),
    path("barn/<id:child_id>/undersoegelse/ny/", views.investigation_start, name="investigation_start"),
    path("undersoegelser/<id:investigation_id>/", views.investigation_detail, name="investigation_detail"),
]
