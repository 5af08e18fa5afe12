"""The project's URLs plus two stand-in pages guarded like the portal's future pages will be."""

from django.http import HttpResponse
from django.urls import path

from motcua.integrations.sso.auth import citizen_required
from motcua.urls import urlpatterns as project_urlpatterns


@citizen_required(min_level=2)
def file_online(request):
    return HttpResponse(f"Nộp hồ sơ trực tuyến: {request.citizen.full_name}")


@citizen_required
def track_dossier(request):
    return HttpResponse(f"Tra cứu hồ sơ: {request.citizen.full_name}")


urlpatterns = [
    path("thu-nghiem/nop-truc-tuyen/", file_online),
    path("thu-nghiem/tra-cuu/", track_dossier),
    *project_urlpatterns,
]
