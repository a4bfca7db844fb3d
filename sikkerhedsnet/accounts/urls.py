from django.urls import path

from . import settings_views, user_admin, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
    path("otp/", views.otp_view, name="otp"),
    path("profil/", views.profile, name="profile"),
    path("profil/kalender/", views.calendar_feed_create, name="calendar_feed_create"),
    path("profil/kalender/slet/", views.calendar_feed_delete, name="calendar_feed_delete"),
    path("kommune/indstillinger/", settings_views.municipal_settings, name="settings"),
    path("kladde/", views.form_draft, name="form_draft"),
    path("brugere/", user_admin.user_list, name="user_list"),
    path("brugere/ny/", user_admin.user_edit, name="user_create"),
    path("brugere/<id:user_id>/", user_admin.user_edit, name="user_edit"),
]
