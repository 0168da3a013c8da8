from casework.cases import rules

from .rules import can_enrol_second_factor, can_manage_organisations, can_see_organisation


def rules_of_the_user(request):
    """What the signed-in user may do whatever the case, for the templates (casework rules)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organisation = user.organisation
    return {
        "current_organisation": organisation,
        "can_create_case": rules.can_create_case(user),
        "reads_disclosures_only": rules.reads_disclosures_only(user),
        "can_see_submitted_cases": rules.can_see_submitted_cases(user),
        "can_see_statistics": rules.can_see_statistics(user),
        "can_see_internal_statistics": rules.can_see_internal_statistics(user),
        "can_enrol_second_factor": can_enrol_second_factor(user),
        "can_manage_organisations": can_manage_organisations(user),
        # The organisation's own page (its administrators): the council has the whole list.
        "can_see_own_organisation": organisation is not None
        and not can_manage_organisations(user)
        and can_see_organisation(user, organisation),
    }
