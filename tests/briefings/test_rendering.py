"""The URL fetcher: the application's static files and nothing else reach a briefing."""

import socket

import pytest
from weasyprint.urls import FatalURLFetchingError

from casework.briefings import rendering
from casework.briefings.rendering import RefusedURL, StaticOnlyURLFetcher, static_url


@pytest.fixture
def no_network(monkeypatch):
    """Fail on any attempt to open a connection; returns the attempts."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network access to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_it_serves_the_briefing_stylesheet_from_the_static_files():
    response = StaticOnlyURLFetcher().fetch(static_url("briefings/briefing.css"))

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    response.close()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/briefing.css",
        "ftp://127.0.0.1/x.css",
        "data:text/css,body{}",
        "/etc/passwd",
        "briefings/briefing.css",
    ],
)
def test_it_refuses_every_url_that_is_not_a_static_file(url, no_network):
    with pytest.raises(RefusedURL):
        StaticOnlyURLFetcher().fetch(url)
    assert no_network == []


@pytest.mark.parametrize(
    "path",
    [
        "../../../../etc/passwd",
        "briefings/../../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "briefings/%2E%2E/%2E%2E/casework/settings.py",
        "/etc/passwd",
        "//etc/passwd",
        "briefings\\..\\..\\etc\\passwd",
        "briefings/./briefing.css",
        "briefings/briefing.css%00.png",
    ],
)
def test_it_refuses_paths_that_leave_the_static_files(path):
    with pytest.raises(RefusedURL):
        StaticOnlyURLFetcher().fetch(rendering.STATIC_PREFIX + path)


def test_it_refuses_static_files_that_are_not_styles_images_or_fonts_and_missing_ones():
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(static_url("briefings/briefing.html"))
    with pytest.raises(RefusedURL):
        fetcher.fetch(static_url("briefings/missing.css"))


def test_it_refusals_stop_weasyprint_rather_than_being_skipped():
    # Fatal: a refused resource never yields a PDF silently missing part of itself.
    assert issubclass(RefusedURL, FatalURLFetchingError)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/x.png">',
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<p style="background: url(file:///etc/passwd)">x</p>',
    ],
)
def test_it_stops_rendering_when_raw_markup_asks_for_another_resource(markup, no_network):
    # Defence in depth: even if a template bug let user markup through unescaped, neither the
    # file system nor the network would be reached, and no PDF would come out.
    html = f"<html><body><p>Briefing</p>{markup}</body></html>"

    with pytest.raises(rendering.BriefingRenderError):
        rendering.html_to_pdf(html)
    assert no_network == []
