"""disclosures 0002: each guardian grant that let an agency's contacts read a case becomes a
disclosure of its escalation record, with the briefing versions they could download; the grants
go. Run for real: migrate back to 0001, write the rows as they were, migrate forward."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.accounts.models import Agency
from casework.briefings import rendering
from casework.briefings import services as briefings
from casework.cases.models import CaseGroupObjectPermission
from tests.factories import NOW, advance, make_case, pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("now")]

BEFORE = ("disclosures", "0001_disclosure_ledger")
AFTER = ("disclosures", "0002_government_grants_to_disclosures")


def migrate(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()  # what is applied now
    return executor


@pytest.fixture
def at_0001():
    """The database as before the ledger's data migration (its models then); the latest
    schema afterwards."""
    executor = migrate([BEFORE])
    yield executor.loader.project_state([BEFORE]).apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def grant(case, organisation, codename="view_case"):
    CaseGroupObjectPermission.objects.create(
        group=organisation.group,
        permission=Permission.objects.get(content_type__app_label="cases", codename=codename),
        content_object=case,
    )


def test_each_agency_grant_becomes_one_disclosure_with_the_briefings_it_could_read(
    at_0001, monkeypatch, caseworker, director, cbsa, ircc
):
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: pdf_bytes())
    case = advance(make_case(caseworker), "accepted", member=caseworker, council=director)
    shared_cbsa, kept_cbsa, shared_ircc = (
        briefings.briefing_generate(
            case=case, actor=director, recipient=agency, shared_with_organisation=shared
        )
        for agency, shared in ((Agency.CBSA, True), (Agency.CBSA, False), (Agency.IRCC, True))
    )
    escalated_at = NOW - datetime.timedelta(days=3)
    # As escalation to CBSA left a case before the ledger (fields set by the old service),
    # written with the models of then: later migrations may move these fields.
    at_0001.get_model("cases", "Case").objects.filter(pk=case.pk).update(
        escalation_target=Agency.CBSA,
        government_reference="CBSA-QC-118",
        requested_action="Defer the removal.",
        assigned_to=director,
        escalated_at=escalated_at,
    )
    grant(case, cbsa)
    grant(case, cbsa, "change_case")  # a second grant to the same agency: one disclosure
    grant(case, ircc)
    members = set(
        CaseGroupObjectPermission.objects.filter(content_object=case)
        .exclude(group__in=[cbsa.group, ircc.group])
        .values_list("pk", flat=True)
    )
    assert members  # the member organisation's own grants, which stay

    executor = migrate([AFTER])

    apps = executor.loader.project_state([AFTER]).apps
    Disclosure = apps.get_model("disclosures", "Disclosure")
    migrated = {d.agency: d for d in Disclosure.objects.filter(case_id=case.pk)}
    assert set(migrated) == {Agency.CBSA, Agency.IRCC}
    to_cbsa, to_ircc = migrated[Agency.CBSA], migrated[Agency.IRCC]
    assert (to_cbsa.channel, to_cbsa.requested_action, to_cbsa.government_reference) == (
        "migrated",
        "Defer the removal.",
        "CBSA-QC-118",
    )
    assert to_ircc.government_reference == ""  # the reference was CBSA's
    assert to_cbsa.disclosed_at == escalated_at
    assert to_cbsa.council_contact_id == director.pk
    assert to_cbsa.consent_id is None and to_cbsa.override_reason == ""

    def items(disclosure):
        return [
            (item.position, item.kind, item.briefing_id, item.sha256)
            for item in disclosure.items.order_by("position")
        ]

    # The shared version addressed to the agency; not the one the council kept, nor documents.
    assert items(to_cbsa) == [(1, "briefing", shared_cbsa.pk, shared_cbsa.sha256)]
    assert items(to_ircc) == [(1, "briefing", shared_ircc.pk, shared_ircc.sha256)]
    assert kept_cbsa.pk not in [item[2] for item in items(to_cbsa)]
    remaining = CaseGroupObjectPermission.objects.filter(content_object=case)
    assert set(remaining.values_list("pk", flat=True)) == members
