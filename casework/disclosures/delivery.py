"""Delivering a disclosure: its link e-mailed to the agency's contacts (emails.py, links.py).

A disclosure (services.disclosure_create) or council staff's "send again"
(services.disclosure_send_again) writes a line of the case's history that asks for the e-mails;
once it is committed, tasks.send_links_soon hands it to the background queue (inline without a
broker), and disclosure_links_send answers it exactly once: it holds that line locked while the
e-mails go out and writes "disclosure.emailed" (history and audit log) naming it, so a task
delivered twice finds the answer and sends nothing twice.
"""

import logging
import smtplib

from django.db import transaction

from casework.audit.models import Action
from casework.cases.history import record
from casework.cases.models import CaseEvent

from . import emails, selectors
from .models import Disclosure

logger = logging.getLogger(__name__)

# The history line written once the e-mails went out, naming the line that asked for them.
EMAILED = "disclosure.emailed"
# Failures of handing an e-mail to the mail server.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def disclosure_links_send(*, request_event_id: int) -> int:
    """E-mail the link of the disclosure that the history line `request_event_id` is about to
    each recipient (selectors.link_recipients); returns how many e-mails went out now.

    Nothing is sent for a revoked disclosure, nor twice for one request. A refused address is
    counted as failed (and logged by its type only: the error may quote it); the others go.
    """
    with transaction.atomic():
        asked = (
            CaseEvent.objects.select_for_update(of=("self",))
            .select_related("case", "actor")
            .filter(pk=request_event_id)
            .first()
        )
        if (
            asked is None
            or CaseEvent.objects.filter(
                case_id=asked.case_id, action=EMAILED, data__request=asked.pk
            ).exists()
        ):
            return 0
        disclosure = (
            Disclosure.objects.select_related(
                "revocation", "disclosed_by__membership__organisation"
            )
            .filter(pk=asked.data.get("id"), case_id=asked.case_id)
            .first()
        )
        if disclosure is None or disclosure.is_revoked:
            return 0
        sent, failed = [], 0
        for recipient in selectors.link_recipients(disclosure.agency, disclosure.contact_id):
            try:
                emails.link_email(disclosure=disclosure, recipient=recipient).send()
            except MAIL_ERRORS as error:
                logger.warning(
                    "Disclosure %s: a link could not be sent: %s",
                    disclosure.pk,
                    type(error).__name__,
                )
                failed += 1
            else:
                sent.append(recipient.pk)
        record(
            case=asked.case,
            actor=asked.actor,
            action=EMAILED,
            audit=Action.DISCLOSURE_SENT,
            audit_target=f"disclosure {disclosure.pk} · {len(sent)} sent, {failed} failed",
            id=disclosure.pk,
            request=asked.pk,
            recipients=sent,
            failed=failed,
        )
    return len(sent)
