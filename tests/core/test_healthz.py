import pytest
from celery import Celery
from django.conf import settings

from apps.core import health

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_healthz_is_200_when_database_redis_and_worker_answer(client, celery_worker_process):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "worker": True,
    }


def test_healthz_is_503_when_no_worker_answers(client, monkeypatch):
    # A real app on the real broker, in a key space no worker listens to.
    lonely = Celery(broker=settings.CELERY_BROKER_URL, set_as_current=False)
    lonely.conf.broker_transport_options = {"global_keyprefix": "nobody-listens:"}
    monkeypatch.setattr(health, "celery_app", lonely)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_is_503_when_redis_is_unreachable(client, settings, unused_tcp_port):
    settings.REDIS_URL = f"redis://127.0.0.1:{unused_tcp_port}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["worker"] == {"ok": False, "detail": "broker unreachable"}


@pytest.fixture
def unused_tcp_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
