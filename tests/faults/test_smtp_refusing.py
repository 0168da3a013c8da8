"""The mail server refusing: every transition still succeeds, no e-mail is lost, none goes twice.

The refusing server is a real socket on 127.0.0.1 answering every connection with
"554 Service unavailable", as a mail relay does when it is overloaded or blocks the sender;
Django's SMTP backend talks to it. When it accepts again (the locmem outbox stands for it), the
retry sweep sends what is owed, once.
"""

import contextlib
import datetime
import io
import socket
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F

from casework.cases.models import Case, Status
from casework.notifications.models import Notification
from casework.notifications.services import RETRY_AFTER
from tests.factories import case_at, client_for

# Committed for real: e-mails are sent once the transition commits.
pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def refusing_smtp_server():
    """A port on 127.0.0.1 whose SMTP greeting is a refusal; yields the port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(b"554 5.3.2 Service unavailable\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        server.close()


def sweep() -> None:
    call_command("send_pending_notifications", stdout=io.StringIO())


def test_notifications_wait_for_a_refusing_mail_server_and_go_out_once(
    settings, caseworker, director
):
    case = case_at(Status.IN_REVIEW, member=caseworker, council=director)
    client = client_for(director)
    mail.outbox.clear()

    with refusing_smtp_server() as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2

        response = client.post(
            f"/cases/{case.reference}/transition/request_info/",
            {"request_info-version": case.version, "request_info-comment": "The birth record."},
        )
        # The sweep, ten minutes later, while the server still refuses: nothing sent, no error.
        Notification.objects.update(
            created_at=F("created_at") - RETRY_AFTER - datetime.timedelta(1)
        )
        sweep()

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.INFO_REQUESTED
    owed = Notification.objects.get(kind=Notification.Kind.INFO_REQUESTED)
    assert owed.sent_at is None

    # The server accepts again: the next sweep sends it, the one after finds nothing.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep()
    sweep()

    owed.refresh_from_db()
    assert owed.sent_at is not None
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == f"[Casework] Case {case.reference} needs information"
