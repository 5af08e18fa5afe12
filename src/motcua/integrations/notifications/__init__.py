"""Applicant notifications (issue 6 §5): e-mail and SMS through pluggable senders, with an outbox.

The dossier app's outbox hands every committed dossier event to :func:`services.handle_outbox_event`
(registered in :class:`apps.NotificationsConfig`); the events an applicant must hear of — receipt,
completion or supplement request, apology with a new appointment, result ready, refusal — become
:class:`models.NotificationMessage` rows (one per channel), rendered in Vietnamese from the templates
in ``templates/notifications/``. A task (and ``motcua send-notifications``) sends the due ones with
retries and backoff; after the last attempt a message is "failed" and an operator may resend it.
See docs/notifications.md.
"""
