"""Government contacts read cases through a guardian grant to their agency's group (given on
escalation): each grant becomes a disclosure of the escalation record, with the briefing
versions the contact could download (shared, addressed to the agency), and the grant goes.
Documents are not carried over: from now on the council chooses them (nothing by default)."""

from django.db import migrations
from django.utils import timezone


def grants_to_disclosures(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Grant = apps.get_model("cases", "CaseGroupObjectPermission")
    Briefing = apps.get_model("briefings", "Briefing")
    Disclosure = apps.get_model("disclosures", "Disclosure")
    DisclosedItem = apps.get_model("disclosures", "DisclosedItem")
    agencies = dict(
        Organisation.objects.filter(kind="government").values_list("group_id", "agency")
    )
    grants = Grant.objects.filter(group_id__in=agencies).select_related("content_object")
    done = set()
    for grant in grants:
        case, agency = grant.content_object, agencies[grant.group_id]
        if (case.pk, agency) in done or not agency:
            continue
        done.add((case.pk, agency))
        disclosure = Disclosure.objects.create(
            case=case,
            agency=agency,
            requested_action=case.requested_action,
            government_reference=case.government_reference
            if case.escalation_target == agency
            else "",
            council_contact_id=case.assigned_to_id,
            disclosed_at=case.escalated_at or timezone.now(),
            channel="migrated",
        )
        briefings = Briefing.objects.filter(
            case=case, recipient=agency, shared_with_organisation=True
        ).order_by("number")
        DisclosedItem.objects.bulk_create(
            DisclosedItem(
                disclosure=disclosure,
                kind="briefing",
                briefing=briefing,
                sha256=briefing.sha256,
                position=position,
            )
            for position, briefing in enumerate(briefings, start=1)
        )
    grants.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0001_disclosure_ledger"),
        ("accounts", "0003_organisations_invitations_profile"),
        ("cases", "0006_permissions_by_role"),
        ("briefings", "0002_briefing_request_id"),
    ]

    operations = [migrations.RunPython(grants_to_disclosures, migrations.RunPython.noop)]
