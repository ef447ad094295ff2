from apps.accounts.tokens import token_create


def token_for(user, name: str = "script") -> str:
    _token, secret = token_create(user=user, name=name)
    return secret


def results(response) -> list[str]:
    """The public ids of a list response, in order."""
    assert response.status_code == 200, response.content
    data = response.json()
    items = data["results"] if isinstance(data, dict) else data
    return [item["id"] for item in items]


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    if field is not None:
        assert field in body["errors"], body
        assert field in body["message"]
    return body
