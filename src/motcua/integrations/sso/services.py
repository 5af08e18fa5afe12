"""State changes of citizen accounts, one service function each (STYLE §2)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.db import IntegrityError, transaction

from motcua.lib import clock

from .claims import CitizenIdentity
from .models import CitizenAccount

log = logging.getLogger(__name__)

_PROFILE_FIELDS = (
    "tech_id",
    "id_number",
    "full_name",
    "kind",
    "organisation_name",
    "tax_code",
    "phone",
    "email",
    "address",
    "assurance_level",
)


def record_citizen_login(identity: CitizenIdentity, *, issuer: str) -> CitizenAccount:
    """Create or refresh the account for a verified identity and stamp ``last_login_at``.

    Found by (issuer, sub), else by (issuer, TechID) — the portal keys accounts by TechID, so a
    changed ``sub`` keeps the same account. Every profile field, the assurance level included, is
    overwritten with what the provider says now (a level-2 account can be downgraded).
    """
    try:
        return _record(identity, issuer)
    except IntegrityError:  # two first sign-ins of the same person raced; the other one created it
        return _record(identity, issuer)


@transaction.atomic
def _record(identity: CitizenIdentity, issuer: str) -> CitizenAccount:
    now = clock.now()
    values = {name: value for name, value in asdict(identity).items() if name in _PROFILE_FIELDS}
    accounts = CitizenAccount.objects.select_for_update()
    account = accounts.filter(issuer=issuer, subject=identity.subject).first()
    if account is None and identity.tech_id:
        account = accounts.filter(issuer=issuer, tech_id=identity.tech_id).first()
    if account is None:
        account = CitizenAccount.objects.create(issuer=issuer, subject=identity.subject, last_login_at=now, **values)
        log.info("sso: citizen account %s created (level %s)", account.pk, account.assurance_level)
        return account
    previous_level = account.assurance_level
    for name, value in values.items():
        setattr(account, name, value)
    account.subject = identity.subject
    account.last_login_at = now
    account.save(update_fields=[*values, "subject", "last_login_at"])
    if previous_level != account.assurance_level:
        log.info("sso: citizen account %s level %s -> %s", account.pk, previous_level, account.assurance_level)
    return account
