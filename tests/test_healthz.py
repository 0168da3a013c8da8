import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_login(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_it_queries_the_database(anonymous, django_assert_num_queries):
    with django_assert_num_queries(1):
        anonymous.get("/healthz")


def test_it_answers_only_get(anonymous):
    assert anonymous.post("/healthz").status_code == 405
