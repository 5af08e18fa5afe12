"""Reports URLs, mounted at the site root inside ``i18n_patterns`` (docs/reports.md):

- ``/minh-bach/`` and ``/minh-bach/<centre code>/`` — the public transparency page (no login);
- ``/bao-cao/`` — the dashboard (director: their centre; supervisor: the province);
- ``/bao-cao/bang/`` — a report table by centre, department, sector, procedure, channel or level;
- ``/bao-cao/ho-so/`` — the dossiers behind a number (drill-down);
- ``/bao-cao/xuat.xlsx``, ``/bao-cao/xuat.pdf`` — exports of the table.
"""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("minh-bach/", views.transparency, name="transparency"),
    path("minh-bach/<str:code>/", views.transparency, name="transparency_centre"),
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/bang/", views.table, name="table"),
    path("bao-cao/ho-so/", views.drilldown, name="drilldown"),
    path("bao-cao/xuat.<str:fmt>", views.export, name="export"),
]
