"""Citizen pages, mounted at the site root under ``i18n_patterns`` (``/``, ``/en/…``, ``/km/…``).

``/tra-cuu/<code>/?s=<secret>`` is printed in the QR of every receipt (Mẫu 01): never change it.
"""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.catalogue_view, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_view, name="procedure"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views.filing, name="filing"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/giay-to/<int:order>/", views.filing_upload, name="filing_upload"),
    path(
        "thu-tuc/<str:code>/nop-truc-tuyen/tep/<int:file_id>/xoa/", views.filing_remove_file, name="filing_remove_file"
    ),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:key>/", views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:key>/danh-gia/", views.rate_own, name="rate_own"),
    path("ho-so-cua-toi/<str:key>/bo-sung/", views.answer, name="answer"),
    path("ho-so-cua-toi/<str:key>/bo-sung/giay-to/<int:order>/", views.answer_upload, name="answer_upload"),
    path("ho-so-cua-toi/<str:key>/bo-sung/tep/<int:file_id>/xoa/", views.answer_remove_file, name="answer_remove_file"),
    path("tra-cuu/", views.track_form, name="track_form"),
    path("tra-cuu/<str:code>/", views.track, name="track"),
    path("tra-cuu/<str:code>/danh-gia/", views.rate_public, name="rate_public"),
    path("phan-anh-kien-nghi/", views.feedback_list, name="feedback_list"),
    path("phan-anh-kien-nghi/gui/", views.feedback_new, name="feedback_new"),
    path("phan-anh-kien-nghi/<str:reference>/", views.feedback_status, name="feedback_status"),
]
