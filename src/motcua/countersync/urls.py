"""Mounted at ``/counter-sync/`` by the project URL map: the sync API for counter nodes
(``api/v1/``), the status fragment of the counter screens and the conflicts page."""

from django.urls import path

from . import views
from .api import api

app_name = "countersync"

urlpatterns = [
    path("api/v1/", api.urls),
    path("trang-thai/", views.status_fragment, name="status"),
    path("xung-dot/", views.conflicts, name="conflicts"),
    path("xung-dot/<int:pk>/", views.conflict_action, name="conflict-action"),
]
