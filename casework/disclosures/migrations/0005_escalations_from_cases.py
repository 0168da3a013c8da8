"""A case had one escalation in its own columns (escalation_target, escalation_sent_on,
government_reference, response_received_on, response_summary): each becomes an Escalation row,
its response a GovernmentResponse (channel "not stated", decision "other", the summary as
written), and the case's disclosures to that agency link to it. The case's columns stay: they
keep the first escalation and the response that moved the case, as the briefings and the
statistics read them."""

from django.db import migrations
from django.utils import timezone

FINISHED = {"declined", "closed", "withdrawn"}


def _actor(events, case_id, action):
    return events.get((case_id, action))


def cases_to_escalations(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Escalation = apps.get_model("disclosures", "Escalation")
    GovernmentResponse = apps.get_model("disclosures", "GovernmentResponse")
    Disclosure = apps.get_model("disclosures", "Disclosure")
    cases = Case.objects.exclude(escalation_target="").exclude(escalation_sent_on=None)
    # Who escalated and who recorded the response, from the history (the first of each).
    events = {}
    for case_id, action, actor_id in (
        CaseEvent.objects.filter(
            case__in=cases, action__in=["case.escalate", "case.record_response"]
        )
        .order_by("-at", "-id")
        .values_list("case_id", "action", "actor_id")
    ):
        events[(case_id, action)] = actor_id
    for case in cases.iterator():
        if case.status in FINISHED:
            state = "closed"
        elif case.response_received_on is not None and case.status != "escalated":
            state = "answered"
        else:
            state = "open"
        escalation = Escalation.objects.create(
            case=case,
            agency=case.escalation_target,
            requested_action=case.requested_action,
            sent_on=case.escalation_sent_on,
            government_reference=case.government_reference,
            council_contact_id=case.assigned_to_id,
            state=state,
            # Escalated again after an answer: the new round started then.
            followed_up_on=timezone.localtime(case.escalated_at).date()
            if case.response_received_on and case.status == "escalated" and case.escalated_at
            else None,
            created_by_id=_actor(events, case.pk, "case.escalate"),
            created_at=case.escalated_at or timezone.now(),
        )
        if case.response_received_on is not None:
            GovernmentResponse.objects.create(
                escalation=escalation,
                received_on=case.response_received_on,
                channel="not_stated",
                decision="other",
                summary=case.response_summary,
                recorded_by_id=_actor(events, case.pk, "case.record_response"),
            )
        Disclosure.objects.filter(
            case=case, agency=case.escalation_target, escalation=None
        ).update(escalation=escalation)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0004_escalations"),
        ("cases", "0013_conversation_and_reads"),
    ]

    operations = [migrations.RunPython(cases_to_escalations, migrations.RunPython.noop)]
