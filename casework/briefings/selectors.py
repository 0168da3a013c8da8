"""Reads for briefings: which versions a user may see, and the defaults of a new one."""

from collections import Counter

from django.db.models import QuerySet

from casework.accounts.models import Organisation, Role, User
from casework.cases import rules
from casework.cases.models import Case, Language

from .models import Briefing


def briefings_visible_to(user: User, case: Case) -> QuerySet[Briefing]:
    """The versions of a case the user may list and download (the case is already visible).

    Council staff: every version. Others (the submitting organisation, a user it was shared
    with): the versions shared with the organisation. A government contact never gets here: a
    version reaches an agency through a disclosure (casework.disclosures).
    """
    briefings = case.briefings.select_related("created_by")
    if rules.can_see_every_briefing(user, case):
        return briefings
    return briefings.filter(shared_with_organisation=True)


def default_recipient(case: Case) -> str:
    if case.escalation_target:
        return case.escalation_target
    return case.agency


def default_language(case: Case, recipient: str) -> str:
    """The language the recipient agency's contacts work in, else the case's own.

    The most common `language` among the active government-contact accounts of the agency's
    organisation(s); on a tie the case's correspondence language wins if it is among the most
    common, else English. Without any such account: the case's correspondence language.
    """
    languages = list(
        User.objects.filter(
            is_active=True,
            membership__role=Role.GOVERNMENT_CONTACT,
            membership__organisation__kind=Organisation.Kind.GOVERNMENT,
            membership__organisation__agency=recipient,
            language__in=Language.values,
        ).values_list("language", flat=True)
    )
    if not languages:
        return case.correspondence_language or Language.EN
    counts = Counter(languages)
    top = max(counts.values())
    tied = sorted(language for language, count in counts.items() if count == top)
    return case.correspondence_language if case.correspondence_language in tied else tied[0]
