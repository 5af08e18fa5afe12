"""URL map: admin now; API (/api/v1/), back office and portal join as their apps land."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = admin.site.site_title = "motcua — Hệ thống một cửa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    *i18n_patterns(path("admin/", admin.site.urls), prefix_default_language=False),
]
