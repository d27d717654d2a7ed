"""Links from membership emails, at fixed addresses under /membership/ (and
/pl/membership/, ... in the language the member joined in)."""

from django.urls import path

from . import views

app_name = "membership"

urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("leave/<str:token>/", views.leave, name="leave"),
    path("left/", views.left, name="left"),
]
