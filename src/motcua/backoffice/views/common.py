"""Shared pieces of the back-office views: which actions a user may take now, calling a service."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from motcua.dossiers import access
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, WaitingPeriod
from motcua.dossiers.workflow import TRANSITIONS, Action, Stage
from motcua.org.models import Role

# Shown in this order on the dossier page; return_result has its own counter screen.
ACTION_ORDER = [
    Action.ACCEPT,
    Action.REQUEST_COMPLETION,
    Action.COMPLETE_SUBMISSION,
    Action.REFUSE_INTAKE,
    Action.TRANSFER,
    Action.COMPLETE_SAME_DAY,
    Action.ASSIGN,
    Action.COMPLETE_STEP,
    Action.APPROVE,
    Action.ISSUE_RESULT,
    Action.REQUEST_SUPPLEMENT,
    Action.RECEIVE_SUPPLEMENT,
    Action.REQUEST_FINANCIAL_OBLIGATION,
    Action.CONFIRM_FINANCIAL_OBLIGATION,
    Action.EXTEND,
    Action.APOLOGISE,
    Action.REFUSE_RESOLUTION,
    Action.REQUEST_WITHDRAWAL,
    Action.STOP,
    Action.RETURN_RESULT,
    Action.CANCEL,
]
# Actions that change the outcome for good: their button is styled as a warning.
GRAVE_ACTIONS = {Action.REFUSE_INTAKE, Action.REFUSE_RESOLUTION, Action.STOP, Action.CANCEL, Action.REQUEST_WITHDRAWAL}


def allowed_actions(user, dossier: Dossier) -> list[str]:
    """The table's edges open to ``user`` on this dossier *now*.

    The transition table and the user's roles for this dossier decide (as in the API); the
    business guards the services check are applied here too where the record tells (one extension,
    one re-appointment, no withdrawal after a decision, the step's role), so that a button is only
    shown when pressing it can succeed. The service remains the authority.
    """
    roles = access.acting_roles(user, dossier)
    step = dossier.current_step if dossier.current_step_id else None
    open_step = step if (step is not None and step.finished_at is None) else None
    found = []
    for action in ACTION_ORDER:
        edge = TRANSITIONS.get((dossier.stage, action))
        if edge is None or not roles & edge.roles:
            continue
        if action == Action.COMPLETE_SAME_DAY and not dossier.duration.startswith("sameday"):
            continue
        if action == Action.EXTEND and dossier.extension_days:
            continue
        if action == Action.APOLOGISE and dossier.reappointed_at is not None:
            continue
        if action == Action.REQUEST_WITHDRAWAL and dossier.decided_at is not None:
            continue
        if (
            action == Action.REQUEST_COMPLETION
            and dossier.waiting_periods.filter(kind=WaitingPeriod.Kind.COMPLETION).exists()
        ):
            continue
        if action == Action.COMPLETE_STEP and (
            open_step is None or open_step.role not in roles or open_step.role == Role.APPROVER
        ):
            continue
        if action == Action.APPROVE and open_step is not None and open_step.role != Role.APPROVER:
            continue
        if action == Action.ASSIGN and roles & edge.roles == {Role.SPECIALIST} and dossier.assignee_id == user.pk:
            continue  # a specialist only claims; he already holds it
        found.append(action)
    return found


def can_claim(user, dossier: Dossier) -> bool:
    """A specialist of the department may take an unassigned (or someone else's) dossier."""
    if dossier.stage not in (Stage.TRANSFERRED, Stage.IN_STEP) or dossier.assignee_id == user.pk:
        return False
    return Role.SPECIALIST in access.acting_roles(user, dossier)


def call(request, service, *args, success: str | None = None, **kwargs):
    """Run a dossier service; on a refusal show its Vietnamese message and return None."""
    try:
        result = service(*args, **kwargs)
    except DossierError as error:
        messages.error(request, error.message)
        return None
    if success:
        messages.success(request, success)
    return result


def replayed(dossier) -> bool:
    return bool(getattr(dossier, "_idempotent_replay", False))


def done_message(action: str) -> str:
    return _("Đã thực hiện: %(action)s.") % {"action": Action(action).label}
