"""Mounted at /dev-gateway/ when MOTCUA_DEV_GATEWAY is true (see motcua/urls.py)."""

from django.urls import path

from . import views

app_name = "devgateway"
urlpatterns = [
    path("auth", views.auth, name="auth"),
    path("service", views.service, name="service"),
]
