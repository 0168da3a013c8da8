"""A client that speaks to the API with a personal token, as the token's user."""

from django.test import Client

from casework.api.services import api_token_create


def api_client(user, **headers) -> Client:
    """A client carrying a new token of `user` (no session, no cookie)."""
    _token, key = api_token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


def post_json(client: Client, url: str, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def patch_json(client: Client, url: str, data, **extra):
    return client.patch(url, data, content_type="application/json", **extra)
