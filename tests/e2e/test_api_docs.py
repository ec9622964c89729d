"""Finding 6: /api/v1/docs renders Swagger UI from our own static files under the app's CSP
(no CDN, no policy violation in the console)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_renders_under_the_content_security_policy(live_server, page, screenshot):
    problems, outside = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "OpenAMO API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    assert page.locator(".opblock").count() > 10
    screenshot("api-docs")
    assert outside == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
