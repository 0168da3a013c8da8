"""E-mail on transitions: who is told, what the e-mail says (and never says), sent once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from casework.accounts.models import Agency
from casework.cases import services as case_services
from casework.cases.models import Kind, Person, Status
from casework.notifications import tasks
from casework.notifications.models import Notification, NotificationPreference
from casework.notifications.services import notify, settings_update
from tests.factories import act, advance, case_at, make_case, removal_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# Who is told, by transition: personas expected to receive an e-mail.
MEMBERS = {"caseworker", "colleague", "org_admin"}
COUNCIL = {"director", "council_staff"}


@pytest.fixture
def everyone(request):
    """Every persona that could receive an e-mail, by fixture name."""
    names = ["director", "council_staff", "caseworker", "colleague", "org_admin", "outsider"]
    names += ["cbsa_contact", "ircc_contact"]
    return {name: request.getfixturevalue(name) for name in names}


def told(everyone, mails) -> set[str]:
    by_address = {user.email: name for name, user in everyone.items()}
    return {by_address[address] for message in mails for address in message.to}


def notified(everyone, case, kind) -> set[str]:
    by_id = {user.pk: name for name, user in everyone.items()}
    rows = Notification.objects.filter(event__case=case, kind=kind)
    return {by_id[row.recipient_id] for row in rows}


def info_requested(caseworker, director) -> tuple:
    """A case the council sent back to the caseworker, and the caseworker's notification."""
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(case, director, "request_info", comment="More.")
    return case, Notification.objects.get(kind=Notification.Kind.INFO_REQUESTED)


def set_mode(user, mode):
    settings_update(
        user=user,
        language=user.language,
        time_zone=user.time_zone,
        telephone=user.telephone,
        notification_mode=mode,
    )


def test_it_tells_the_council_of_a_submission(everyone, django_capture_on_commit_callbacks):
    case = make_case(everyone["caseworker"])

    with django_capture_on_commit_callbacks(execute=True):
        case = act(case, everyone["caseworker"], "submit")

    assert told(everyone, mail.outbox) == COUNCIL
    assert notified(everyone, case, Notification.Kind.SUBMITTED) == COUNCIL
    assert {m.subject for m in mail.outbox} == {
        f"[Casework] Case {case.reference} was submitted to the council"
    }


def test_it_tells_the_council_of_a_resubmission(everyone, django_capture_on_commit_callbacks):
    caseworker, director = everyone["caseworker"], everyone["director"]
    case = case_at(Status.INFO_REQUESTED, member=caseworker, council=director)

    with django_capture_on_commit_callbacks(execute=True):
        act(case, caseworker, "resubmit")

    assert told(everyone, mail.outbox) == COUNCIL
    assert mail.outbox[0].subject == f"[Casework] Case {case.reference} was resubmitted"


def test_it_asks_the_caseworker_who_wrote_the_case_for_information(
    everyone, django_capture_on_commit_callbacks
):
    case = case_at(Status.IN_REVIEW, member=everyone["caseworker"], council=everyone["director"])

    with django_capture_on_commit_callbacks(execute=True):
        act(case, everyone["director"], "request_info", comment="Add the birth certificate.")

    assert told(everyone, mail.outbox) == {"caseworker"}
    [message] = mail.outbox
    assert message.subject == f"[Casework] Case {case.reference} needs information"
    # The council's request is free text: it stays behind the sign-in.
    assert "birth certificate" not in message.body


def test_it_asks_the_organisation_administrators_when_the_caseworker_has_left(
    everyone, django_capture_on_commit_callbacks
):
    caseworker = everyone["caseworker"]
    case = case_at(Status.IN_REVIEW, member=caseworker, council=everyone["director"])
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        act(case, everyone["director"], "request_info", comment="Add the birth certificate.")

    assert told(everyone, mail.outbox) == {"org_admin"}


@pytest.mark.parametrize(
    ("status", "kind", "subject"),
    [
        (Status.ESCALATED, Notification.Kind.ESCALATED, "Case {ref} was escalated to IRCC"),
        (Status.RESPONDED, Notification.Kind.RESPONDED, "Case {ref}: IRCC responded"),
        (Status.CLOSED, Notification.Kind.CLOSED, "Case {ref} was closed"),
    ],
)
def test_it_tells_the_submitting_organisation_of_the_government_steps(
    everyone, django_capture_on_commit_callbacks, status, kind, subject
):
    case = case_at(Status.ACCEPTED, member=everyone["caseworker"], council=everyone["director"])
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(case, status, member=everyone["caseworker"], council=everyone["director"])

    assert notified(everyone, case, kind) == MEMBERS
    mine = [m for m in mail.outbox if m.to == [everyone["caseworker"].email]]
    assert mine[-1].subject == "[Casework] " + subject.format(ref=case.reference)


def test_it_tells_the_organisation_of_a_new_escalation_after_a_response(
    everyone, django_capture_on_commit_callbacks
):
    case = case_at(Status.RESPONDED, member=everyone["caseworker"], council=everyone["director"])

    with django_capture_on_commit_callbacks(execute=True):
        act(case, everyone["director"], "follow_up", comment="IRCC asked for school records.")

    assert told(everyone, mail.outbox) == MEMBERS
    assert mail.outbox[0].subject == (
        f"[Casework] Case {case.reference} was escalated to IRCC again"
    )


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.ACCEPTED, Status.DECLINED])
def test_it_sends_nothing_on_the_council_internal_steps(
    everyone, django_capture_on_commit_callbacks, status
):
    case = case_at(Status.SUBMITTED, member=everyone["caseworker"], council=everyone["director"])

    with django_capture_on_commit_callbacks(execute=True):
        advance(case, status, member=everyone["caseworker"], council=everyone["director"])

    assert mail.outbox == []


def test_it_says_what_happened_and_where_without_any_personal_data(
    caseworker, director, django_capture_on_commit_callbacks
):
    case = make_case(
        caseworker,
        kind=Kind.REMOVAL_DEFERRAL,
        people=0,
        summary="Ms Haddad faces removal to Syria.",
        removal=removal_fields(location="Toronto Pearson"),
    )
    case_services.person_add(
        case=case,
        actor=caseworker,
        role=Person.Role.REMOVAL_SUBJECT,
        family_name="Haddad",
        given_names="Amina",
        uci="1234567890",
    )
    case = advance(case, Status.ACCEPTED, member=caseworker, council=director)

    with django_capture_on_commit_callbacks(execute=True):
        act(
            case,
            director,
            "escalate",
            target=Agency.CBSA,
            sent_on=datetime.date(2026, 5, 4),
            government_reference="GOV-77",
        )

    [message] = mail.outbox
    assert message.subject == f"[Casework] Case {case.reference} was escalated to CBSA"
    assert message.to == [caseworker.email]
    assert f"The council raised case {case.reference} with CBSA." in message.body
    assert "you will be told when the government responds" in message.body
    assert "When: 4 May 2026, 10:00 EDT (America/Toronto)" in message.body
    assert f"http://127.0.0.1:8000/cases/{case.reference}/" in message.body
    assert "http://127.0.0.1:8000/accounts/settings/" in message.body
    for personal in ("Haddad", "Amina", "1234567890", "1234-567-890", "Syria", "Pearson"):
        assert personal not in message.subject, personal
        assert personal not in message.body, personal
    # Nor the names of the people involved on the council's and the member's side.
    for name in (caseworker.first_name, director.first_name, caseworker.username):
        assert name not in message.subject
        assert name not in message.body.replace(caseworker.email, "")


def test_it_links_to_the_configured_site(caseworker, director, settings):
    settings.CASEWORK = settings.CASEWORK | {"BASE_URL": "https://casework.example.org/"}
    case, notification = info_requested(caseworker, director)

    tasks.send_notification(notification.pk)

    assert f"https://casework.example.org/cases/{case.reference}/" in mail.outbox[0].body


def test_it_shows_the_time_in_the_recipients_time_zone(caseworker, director):
    caseworker.time_zone = "America/Vancouver"
    caseworker.save(update_fields=["time_zone"])
    case, notification = info_requested(caseworker, director)

    tasks.send_notification(notification.pk)

    assert "When: 4 May 2026, 07:00 PDT (America/Vancouver)" in mail.outbox[0].body


def test_it_writes_to_a_french_speaking_recipient_in_french(caseworker, director):
    caseworker.language = "fr"
    caseworker.save(update_fields=["language"])
    case, notification = info_requested(caseworker, director)

    tasks.send_notification(notification.pk)

    [message] = mail.outbox
    # Django's own French formats, whatever our catalogue holds.
    assert "4 mai 2026, 10 h 00 HAE (America/Toronto)" in message.body
    assert message.subject.startswith("[Casework] ")
    assert case.reference in message.subject
    # The wording comes from locale/fr (written separately): check it once it is translated.
    with translation.override("fr"):
        french = translation.gettext("Case %(reference)s needs information")
    if french == "Case %(reference)s needs information":
        pytest.skip("TODO: locale/fr has no French for the notification e-mails yet")
    assert message.subject == "[Casework] " + french % {"reference": case.reference}
    with translation.override("fr"):
        assert message.body.startswith(translation.gettext("Hello,") + "\n")
    assert "Hello," not in message.body


def test_it_keeps_the_other_recipients_in_english(caseworker, director):
    director.language = "fr"
    director.save(update_fields=["language"])
    case, notification = info_requested(caseworker, director)

    tasks.send_notification(notification.pk)

    assert "When: 4 May 2026, 10:00 EDT" in mail.outbox[0].body


def test_it_sends_a_notification_once_however_often_the_task_runs(
    caseworker, director, django_capture_on_commit_callbacks
):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    with django_capture_on_commit_callbacks(execute=True):
        act(case, director, "request_info", comment="More.")
    notification = Notification.objects.get(kind=Notification.Kind.INFO_REQUESTED)
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1

    assert tasks.send_notification(notification.pk) is False
    assert tasks.send_notification.delay(notification.pk).get() is False

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_it_owes_one_notification_per_recipient_and_event(caseworker, director):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(case, director, "request_info", comment="More.")
    event = case.events.get(action="case.request_info")

    notify(event=event)

    assert Notification.objects.filter(event=event).count() == 1


def test_it_sends_nothing_to_an_account_disabled_since(caseworker, director):
    _case, notification = info_requested(caseworker, director)
    caseworker.is_active = False
    caseworker.save(update_fields=["is_active"])

    assert tasks.send_notification(notification.pk) is False
    assert mail.outbox == []


# Daily digest


def test_it_gathers_a_digest_users_notifications_into_one_daily_e_mail(
    caseworker, colleague, director, django_capture_on_commit_callbacks, time_machine, now
):
    set_mode(caseworker, NotificationPreference.Mode.DIGEST)
    first = case_at(Status.ACCEPTED, member=caseworker, council=director)
    second = case_at(Status.ACCEPTED, member=caseworker, council=director)

    with django_capture_on_commit_callbacks(execute=True):
        advance(first, Status.RESPONDED, member=caseworker, council=director)
        time_machine.move_to(now + datetime.timedelta(hours=2), tick=False)
        advance(second, Status.ESCALATED, member=caseworker, council=director)

    # The colleague asked for nothing special: three e-mails at once. The caseworker: none yet.
    assert {m.to[0] for m in mail.outbox} == {colleague.email}
    assert len(mail.outbox) == 3
    mail.outbox.clear()

    assert tasks.send_digests() == 1

    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == "[Casework] Daily digest: 3 updates on your cases"
    assert "Here are the 3 updates on your cases since the last digest." in message.body
    for line in (
        f"* Case {first.reference} was escalated to IRCC",
        f"* Case {first.reference}: IRCC responded",
        f"* Case {second.reference} was escalated to IRCC",
        "When: 4 May 2026, 10:00 EDT (America/Toronto)",
        "When: 4 May 2026, 12:00 EDT (America/Toronto)",
        f"http://127.0.0.1:8000/cases/{second.reference}/",
    ):
        assert line in message.body, line
    assert message.body.index(first.reference) < message.body.index(second.reference)
    assert not caseworker.notifications.filter(sent_at__isnull=True).exists()

    assert tasks.send_digests() == 0
    assert len(mail.outbox) == 1


def test_it_words_a_digest_of_one_update_in_the_singular(caseworker, director):
    set_mode(caseworker, NotificationPreference.Mode.DIGEST)
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    act(case, director, "request_info", comment="More.")

    out = io.StringIO()
    call_command("send_digests", stdout=out)

    assert out.getvalue() == "1 digest(s) sent\n"
    assert mail.outbox[0].subject == "[Casework] Daily digest: 1 update on your cases"
    assert "Here is the update on your cases since the last digest." in mail.outbox[0].body


def test_it_never_sends_a_digest_notification_on_its_own(caseworker, director):
    set_mode(caseworker, NotificationPreference.Mode.DIGEST)
    _case, notification = info_requested(caseworker, director)

    assert tasks.send_notification(notification.pk) is False
    assert mail.outbox == []


# Retry sweep


def test_it_sends_later_what_could_not_be_queued(caseworker, director, time_machine, now):
    # Without the commit callbacks nothing is queued, as with a broker down at the time.
    case, _notification = info_requested(caseworker, director)

    assert tasks.send_pending() == 0
    time_machine.move_to(now + datetime.timedelta(minutes=11), tick=False)
    assert tasks.send_pending() == 2
    assert tasks.send_pending() == 0

    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (caseworker.email, f"[Casework] Case {case.reference} needs information"),
        (director.email, f"[Casework] Case {case.reference} was submitted to the council"),
    ]


def test_it_gives_up_on_an_e_mail_days_late(caseworker, director, time_machine, now):
    info_requested(caseworker, director)
    time_machine.move_to(now + datetime.timedelta(days=3), tick=False)

    assert tasks.send_pending() == 0
    assert mail.outbox == []


def test_it_names_the_agency_that_answered_when_the_case_went_to_two(
    everyone, django_capture_on_commit_callbacks
):
    director = everyone["director"]
    case = case_at(Status.ESCALATED, member=everyone["caseworker"], council=director)  # IRCC
    cbsa = case_services.case_escalation_add(
        case=case,
        actor=director,
        agency="CBSA",
        sent_on=case.escalation_sent_on,
        requested_action="Defer the removal.",
        consent_override_reason="The family is unreachable before the removal.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        case_services.government_response_record(
            escalation=cbsa,
            actor=director,
            received_on=case.escalation_sent_on,
            channel="email",
            decision="removal_deferred",
            summary="Deferred.",
        )

    mine = [m for m in mail.outbox if m.to == [everyone["caseworker"].email]]
    assert mine[-1].subject == f"[Casework] Case {case.reference}: CBSA responded"
