"""Writes for briefings: generate a version, record a download.

Generating runs in three steps so that the slow part never holds a transaction or a lock:

1. a short read (an outermost, durable transaction) takes the case as it is and turns it into
   the briefing's HTML, with the version number it expects to get;
2. weasyprint turns the HTML into PDF, outside any transaction;
3. a short write locks the case row (select_for_update), allocates the number, stores the file
   and the Briefing row and logs a CaseEvent. If another export took the expected number in the
   meantime, the briefing is rendered again with the next one (the number is printed on every
   page, so the PDF must match its row).

`transaction.atomic(durable=True)` raises RuntimeError when the caller is already inside a
transaction: calling briefing_generate() from an atomic block is a programming error (the
rendering would hold it open), and it fails before rendering anything.
"""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.accounts.models import Agency, User
from casework.audit.models import Action
from casework.cases import rules
from casework.cases.history import record
from casework.cases.models import Case, Language
from casework.cases.services import CaseError
from casework.cases.storage import STORAGE_ERRORS, STORE_FAILED

from . import rendering, selectors
from .models import Briefing

ATTEMPTS = 3


class BriefingError(CaseError):
    """A briefing that cannot be generated now; the message is for the user."""


def check_generate(*, case: Case, actor: User) -> None:
    """Refuse (PermissionDenied or BriefingError) before any work is queued or done."""
    if not rules.can_triage(actor):
        raise PermissionDenied
    if not rules.can_generate_briefing(actor, case):
        raise BriefingError(_("A briefing can be generated once the case has been submitted."))


def _next_number(case: Case) -> int:
    return (case.briefings.aggregate(last=Max("number"))["last"] or 0) + 1


def briefing_generate(
    *,
    case: Case,
    actor: User,
    language: str | None = None,
    recipient: str | None = None,
    shared_with_organisation: bool = True,
    request_id: str = "",
) -> Briefing:
    """Render the case's briefing and keep it as the next version.

    `request_id` names the request (the background task's id): generating again for the same
    request returns the version already made.
    """
    if request_id and (done := case.briefings.filter(request_id=request_id).first()):
        return done
    check_generate(case=case, actor=actor)
    recipient = recipient or selectors.default_recipient(case)
    if recipient not in Agency.values:
        raise BriefingError(_("Choose IRCC or CBSA as the recipient."))
    if language is not None and language not in Language.values:
        raise BriefingError(_("Choose English or French."))
    for _attempt in range(ATTEMPTS):  # noqa: B007
        # 1. Read the case and build the HTML (durable: refuses to run inside a transaction).
        with transaction.atomic(durable=True):
            language = language or selectors.default_language(case, recipient)
            expected = _next_number(case)
            now = timezone.now()
            context = rendering.briefing_context(
                case, actor=actor, recipient=recipient, number=expected, now=now
            )
            html = rendering.render_html(context, language)
        # 2. The slow part, outside any transaction.
        try:
            pdf = rendering.html_to_pdf(html)
        except rendering.BriefingRenderError as error:
            raise BriefingError(_("The briefing could not be rendered.")) from error
        # 3. Keep it, unless another export took the number meanwhile.
        briefing = _store(
            case=case,
            created_by=actor,
            number=expected,
            language=language,
            recipient=recipient,
            created_at=now,
            pdf=pdf,
            shared_with_organisation=shared_with_organisation,
            request_id=request_id,
        )
        if briefing is not None:
            return briefing
    raise BriefingError(
        _("Other briefings of this case were being generated at the same time: try again.")
    )


def _store(*, case: Case, number: int, pdf: bytes, **fields) -> Briefing | None:
    """Lock the case, check the number is still free, save file, row and event; None if taken."""
    briefing = Briefing(
        number=number, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), **fields
    )
    try:
        with transaction.atomic(durable=True):
            locked = Case.objects.select_for_update().get(pk=case.pk)
            request_id = briefing.request_id
            if request_id and (done := locked.briefings.filter(request_id=request_id).first()):
                return done  # the same request, delivered twice at once
            if _next_number(locked) != number:
                return None
            briefing.case = locked
            try:
                briefing.file.save("briefing.pdf", ContentFile(pdf), save=False)
            except STORAGE_ERRORS as error:
                raise BriefingError(str(STORE_FAILED)) from error
            briefing.save()
            record(
                case=locked,
                actor=briefing.created_by,
                action="briefing.generated",
                audit=Action.BRIEFING_EXPORTED,
                audit_target=f"v{number}",
                comment=_summary(briefing),
                number=number,
                language=briefing.language,
                recipient=briefing.recipient,
                sha256=briefing.sha256,
            )
    except BaseException:
        # The row went with the rolled-back transaction; the file on disk must go too.
        if briefing.file:
            briefing.file.delete(save=False)
        raise
    return briefing


def _summary(briefing: Briefing) -> str:
    """A language-neutral line for the case history: 'v2 · FR · CBSA'."""
    return f"v{briefing.number} · {briefing.language.upper()} · {briefing.recipient}"


@transaction.atomic
def briefing_record_download(*, briefing: Briefing, actor: User) -> None:
    record(
        case=briefing.case,
        actor=actor,
        action="briefing.downloaded",
        audit=Action.BRIEFING_DOWNLOADED,
        audit_target=f"v{briefing.number}",
        comment=_summary(briefing),
        number=briefing.number,
    )
