"""Back-office pages. Each view reads through scoped helpers and changes state only via services.

Modules: :mod:`.counter` (bộ phận tiếp nhận), :mod:`.desk` (cơ quan giải quyết), :mod:`.dossier`
(one dossier and its actions), :mod:`.supervision` (giám đốc, giám sát), :mod:`.printouts` (the
official forms as PDF, the tracking book).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from motcua.countersync import conf as countersync_conf
from motcua.dossiers import audit
from motcua.org import access as org_access

from .. import queries
from ..auth import StaffAuthenticationForm
from ..permissions import get_workplaces, staff_view


class StaffLoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


class StaffPasswordChangeView(auth_views.PasswordChangeView):
    """Đổi mật khẩu: the officer's own password, checked against the password policy
    (settings.AUTH_PASSWORD_VALIDATORS: at least 10 characters, not common, not all digits, not like
    the name). The change is audited; the session stays open (Django rotates its hash)."""

    template_name = "backoffice/password_change.html"
    success_url = reverse_lazy("backoffice:home")

    def dispatch(self, request, *args, **kwargs):
        # A counter node receives the staff's password hashes from the province at each sync: a
        # password changed here would silently come back. It is changed at the province.
        if countersync_conf.is_node() and request.user.is_authenticated:
            return render(request, self.template_name, {"on_node": True})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(
                "staff.password.changed", actor=self.request.user, object_type="user",
                object_ref=self.request.user.username,
            )
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


def landing_url(request) -> str | None:
    """Each role lands on its own page: counter, department desk, or supervision."""
    places = get_workplaces(request)
    if places.counter:
        return "backoffice:counter"
    if places.desk:
        return "backoffice:desk"
    if places.supervision:
        return "backoffice:supervision"
    return None


def home(request):
    """The role's own home page; staff without a posting in force are told so."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    target = landing_url(request)
    if target:
        return redirect(target)
    return postings(request)


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as _redirect

    return _redirect(request.get_full_path())


def postings(request):
    """The staff member's postings in force and the screens each role opens."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    rows = list(org_access.active_postings(request.user).order_by("role"))
    return render(request, "backoffice/home.html", {"postings": rows})


@staff_view()
def search(request):
    """Tra cứu hồ sơ: by code, the applicant's ID number, or name (without diacritics)."""
    query = request.GET.get("q", "").strip()[:100]
    rows = queries.find_dossiers(request.user, query) if query else []
    queries.audit_list(request.user, rows, "tra cứu hồ sơ")
    calendars = queries.Calendars()
    items = [(d, queries.deadline_view(d, calendars)) for d in rows]
    return render(request, "backoffice/search.html", {"query": query, "items": items})
