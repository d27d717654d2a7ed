"""Follow by email, at fixed addresses under /follow/ (and /pl/follow/, ...);
links in emails keep working."""

from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
