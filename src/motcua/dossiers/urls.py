"""Mounted at ``/api/`` by the project URL map: the versioned API and the OpenAPI document."""

from django.urls import path

from .api import api, openapi_json

urlpatterns = [
    path("openapi.json", openapi_json, name="api-openapi"),
    path("v1/", api.urls),
]
