"""The briefing URLs, and downloading a briefing the way a browser would."""

from django.urls import reverse


def list_url(case) -> str:
    return reverse("briefings:list", args=[case.reference])


def download_url(case, number: int) -> str:
    return reverse("briefings:download", args=[case.reference, number])


def fetch(client, url) -> tuple[int, bytes]:
    """GET a download and read it whole.

    Reading a streamed response to the end closes it (and the file behind it), the way a WSGI
    server would; closing it again would fire request_finished a second time and close the
    test's database connection on PostgreSQL.
    """
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body
