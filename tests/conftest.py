"""Personas, built through the real account services.

the council's policy director and a second staff member, two caseworkers and an org admin at
member organisation A, an outsider caseworker at member organisation B, a government contact
at CBSA and one at IRCC, and anonymous (a client that never logs in).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from casework.accounts.models import Agency, Organisation, Role
from casework.accounts.services import organisation_create, user_create

from .factories import NOW, PASSWORD

# Fixtures for the tests that run a real Celery worker (redis_broker) or use a local S3
# endpoint (s3_bucket).
pytest_plugins = ["tests.celery_worker", "tests.s3"]


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    # MD5 keeps client.login() fast; documents never land in the real store.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The API's rate limits count in the cache; ids are reused after a test's rollback.
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    # The test client serves requests in this thread: one made as a French user leaves French
    # active, and the next test would read French labels whatever its order in the run.
    yield
    translation.deactivate()


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def council(db):
    return organisation_create(
        name="Canadian Council for Refugees", kind=Organisation.Kind.COUNCIL, province="QC"
    )


@pytest.fixture
def org_a(db):
    return organisation_create(name="Member A", province="ON")


@pytest.fixture
def org_b(db):
    return organisation_create(name="Member B", province="BC")


@pytest.fixture
def cbsa(db):
    return organisation_create(
        name="CBSA liaison", kind=Organisation.Kind.GOVERNMENT, agency=Agency.CBSA
    )


@pytest.fixture
def ircc(db):
    return organisation_create(
        name="IRCC Case Management Branch", kind=Organisation.Kind.GOVERNMENT, agency=Agency.IRCC
    )


def _user(username, organisation, role):
    return user_create(
        username=username,
        password=PASSWORD,
        organisation=organisation,
        role=role,
        first_name=username.capitalize(),
        email=f"{username}@example.org",
    )


@pytest.fixture
def director(council):
    return _user("director", council, Role.POLICY_DIRECTOR)


@pytest.fixture
def council_staff(council):
    """A second member of the council's staff."""
    return _user("sam", council, Role.COUNCIL_STAFF)


@pytest.fixture
def caseworker(org_a):
    return _user("alice", org_a, Role.CASEWORKER)


@pytest.fixture
def colleague(org_a):
    """A second caseworker at member organisation A."""
    return _user("bob", org_a, Role.CASEWORKER)


@pytest.fixture
def org_admin(org_a):
    return _user("adele", org_a, Role.ORG_ADMIN)


@pytest.fixture
def outsider(org_b):
    """A caseworker at another member organisation: must never see A's cases."""
    return _user("charlie", org_b, Role.CASEWORKER)


@pytest.fixture
def cbsa_contact(cbsa):
    return _user("cbsa", cbsa, Role.GOVERNMENT_CONTACT)


@pytest.fixture
def ircc_contact(ircc):
    return _user("ircc", ircc, Role.GOVERNMENT_CONTACT)


@pytest.fixture
def anonymous():
    return Client()
