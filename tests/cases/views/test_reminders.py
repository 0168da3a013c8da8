"""Personal reminders: "remind me on…" a case; only their author sees them, on Today from
their day on; an e-mail that day names the case reference only."""

import datetime

import pytest
from django.core import mail

from casework.cases.models import Reminder
from casework.notifications.services import reminders_send
from tests.factories import NOW, client_for, make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

TOMORROW = NOW.date() + datetime.timedelta(days=1)


def remind(client, case, day=TOMORROW, note="Call the lawyer back", email=""):
    return client.post(
        f"/cases/{case.reference}/reminders/",
        {"reminder-remind_on": day.isoformat(), "reminder-note": note, "reminder-email": email},
    )


def test_it_shows_on_today_from_its_day_only_to_its_author(caseworker, colleague, time_machine):
    case = make_case(caseworker, title="Family of five")
    client = client_for(caseworker)

    assert remind(client, case).status_code == 302
    assert "Call the lawyer back" in client.get(case.get_absolute_url()).content.decode()
    assert "Call the lawyer back" not in client.get("/today/").content.decode()

    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    client = client_for(caseworker)  # yesterday's session is over
    today = client.get("/today/").content.decode()
    assert "Call the lawyer back" in today and case.reference in today
    # a colleague who sees the case never sees the reminder
    for page in (case.get_absolute_url(), "/today/"):
        assert "Call the lawyer back" not in client_for(colleague).get(page).content.decode()


def test_a_past_day_is_refused(caseworker):
    case = make_case(caseworker)
    response = remind(client_for(caseworker), case, day=NOW.date() - datetime.timedelta(days=1))
    assert response.status_code == 400
    assert "Choose today or a later day." in response.content.decode()
    assert not Reminder.objects.exists()


def test_an_outsider_gets_404_and_sets_nothing(caseworker, outsider):
    case = make_case(caseworker)
    assert remind(client_for(outsider), case).status_code == 404
    assert not Reminder.objects.exists()


def test_it_is_dismissed_by_its_author_only(caseworker, colleague):
    case = make_case(caseworker)
    remind(client_for(caseworker), case, day=NOW.date())
    reminder = Reminder.objects.get()
    url = f"/cases/{case.reference}/reminders/{reminder.pk}/dismiss/"

    assert client_for(colleague).post(url).status_code == 404
    assert client_for(caseworker).post(url).status_code == 302
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None
    assert "Call the lawyer back" not in client_for(caseworker).get("/today/").content.decode()


def test_the_email_names_the_reference_only_and_goes_once(caseworker, time_machine):
    case = make_case(caseworker)
    remind(client_for(caseworker), case, note="Lucía's hearing", email="on")
    assert reminders_send() == 0  # not its day yet

    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    assert reminders_send() == 1
    assert reminders_send() == 0
    [message] = mail.outbox
    assert case.reference in message.subject and case.reference in message.body
    assert "Lucía" not in message.subject + message.body
    assert case.principal_name not in message.subject + message.body
