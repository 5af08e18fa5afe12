"""URL map: citizen portal (/), admin, back office (/backoffice/), API (/api/v1/); language prefix /en/ for
English (and /km/ for Khmer on citizen pages, see motcua.portal.i18n)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = admin.site.site_title = _("motcua — Hệ thống một cửa")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("motcua.dossiers.urls")),  # /api/v1/ (django-ninja) and /api/openapi.json
    path("sso/", include("motcua.integrations.sso.urls")),  # citizen sign-in (docs/sso.md); fixed callback URL
    path("counter-sync/", include("motcua.countersync.urls")),  # counter nodes: sync API, status, conflicts
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("backoffice/", include("motcua.backoffice.urls")),
        path("", include("motcua.reports.urls")),  # /minh-bach/ (public), /bao-cao/ (staff) — docs/reports.md
        path("", include("motcua.portal.urls")),  # citizen portal at the root (docs/portal.md); staff: /backoffice/
        prefix_default_language=False,
    ),
]
if settings.DEV_GATEWAY:  # local stand-in of the province's gateway (docs/national-portal.md), never in production
    urlpatterns.append(path("dev-gateway/", include("motcua.devgateway.urls")))
if settings.DEV_IDP_ENABLED:  # local OpenID Connect provider with demo citizens (docs/sso.md), never in production
    urlpatterns.append(path("dev-idp/", include("motcua.devidp.urls")))
