"""Back-office pages. Each view reads through scoped helpers and changes state only via services."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from motcua.org import access

from .auth import StaffAuthenticationForm


class StaffLoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """Landing page: the staff member's postings in force and the screens each role opens."""
    postings = list(access.active_postings(request.user).order_by("role"))
    return render(request, "backoffice/home.html", {"postings": postings})
