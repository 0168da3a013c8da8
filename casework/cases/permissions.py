"""Permission-checked fetches: the only way views get hold of a case."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from casework.accounts.models import User

from . import rules
from .identifiers import is_case_reference
from .models import Case
from .selectors import cases_visible_to


def access_case(
    user: User, reference: str, *, write: bool = False, cases: QuerySet[Case] | None = None
) -> Case:
    """The case if the user may see it (among `cases`, which selectors.cases_visible_to
    gives unless a page reads more with the case).

    404 when the user may not see it, the same answer as for a case that does not exist, so the
    reference of another organisation's case gives nothing away. 403 when the user may see but
    not change it and `write` is asked.
    """
    # Anything not shaped like a reference is missing without asking the database (which may
    # refuse it outright: PostgreSQL rejects a NUL character in a query).
    if not is_case_reference(reference):
        raise Http404
    try:
        case = (
            (cases_visible_to(user) if cases is None else cases)
            .select_related("organisation", "created_by", "assigned_to")
            .get(reference=reference)
        )
    except Case.DoesNotExist:
        raise Http404 from None
    if write and not rules.can_change_case(user, case):
        raise PermissionDenied
    return case
