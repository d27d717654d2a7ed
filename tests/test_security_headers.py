"""Security headers on every response: pages, errors, the admin, static files."""

import base64
import hashlib
import re

import pytest
from django.template.loader import render_to_string

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

PUBLIC_HTML = ["/", "/about-us/", "/no-such-page/", "/search/?q=women"]
EVERY_KIND = [*PUBLIC_HTML, "/admin/login/", "/robots.txt", "/static/css/site.css"]


def directives(header):
    """A CSP header as {directive: [sources]}."""
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def inline_scripts(html):
    """<script> elements a browser would run from the page itself (JSON data
    blocks such as JSON-LD are not run, so CSP does not stop them)."""
    tags = re.findall(r"<script\b[^>]*>", html)
    return [
        tag
        for tag in tags
        if "src=" not in tag and not re.search(r'type="application/(ld\+)?json"', tag)
    ]


@pytest.fixture
def site_pages(home_page):
    StandardPageFactory(parent=home_page, title="About us", slug="about-us")
    return home_page


@pytest.fixture
def responses(client, site_pages):
    return {path: client.get(path) for path in EVERY_KIND}


def test_responses_are_what_the_paths_say(responses):
    statuses = {path: response.status_code for path, response in responses.items()}
    assert statuses == {
        "/": 200,
        "/about-us/": 200,
        "/no-such-page/": 404,
        "/search/?q=women": 200,
        "/admin/login/": 200,
        "/robots.txt": 200,
        "/static/css/site.css": 200,
    }


@pytest.mark.parametrize("path", EVERY_KIND)
def test_every_response_carries_the_security_headers(responses, path):
    response = responses[path]

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    csp = directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    # Frame protection: the CSP's frame-ancestors, which browsers obey over
    # X-Frame-Options; pages also send X-Frame-Options: DENY for old ones.
    assert csp["frame-ancestors"] in (["'none'"], ["'self'"])


@pytest.mark.parametrize("path", PUBLIC_HTML)
def test_public_pages_refuse_framing_and_inline_scripts(responses, path):
    response = responses[path]
    csp = directives(response["Content-Security-Policy"])

    assert response["X-Frame-Options"] == "DENY"
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    # Style attributes (result bar widths) are allowed; <style> elements are not.
    assert csp["style-src-attr"] == ["'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["default-src"] == ["'self'"]


def test_public_html_has_no_inline_script_or_style(responses):
    for path in PUBLIC_HTML:
        html = responses[path].content.decode()
        assert inline_scripts(html) == [], path
        assert "<style" not in html, path


def test_admin_allows_only_its_own_scripts(responses):
    csp = directives(responses["/admin/login/"]["Content-Security-Policy"])

    # Wagtail 8's editor writes inline scripts; no other origin may add any.
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]


def test_error_page_style_is_allowed_by_hash(settings):
    """templates/500.html keeps its CSS inline; the policy allows exactly that CSS."""
    html = render_to_string("500.html")
    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


def test_session_and_csrf_cookies_are_http_only(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="a-long-password-1")
    response = client.get("/admin/login/")
    assert response.cookies["csrftoken"]["httponly"] is True

    response = client.post(
        "/admin/login/", {"username": user.username, "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True


def test_https_responses_carry_hsts_and_secure_cookies(client, settings, django_user_model):
    """The production values (tests/test_production.py checks production.py sets them)."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    django_user_model.objects.create_user("editor", password="a-long-password-1")

    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response.cookies["csrftoken"]["secure"] is True
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "a-long-password-1"}, secure=True
    )
    assert response.cookies["sessionid"]["secure"] is True


def test_recaptcha_widget_loads_no_inline_script(settings):
    from django import forms
    from django_recaptcha.fields import ReCaptchaField

    settings.RECAPTCHA_PUBLIC_KEY = "public-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key"

    class Form(forms.Form):
        captcha = ReCaptchaField()

    html = str(Form()["captcha"])
    assert "https://www.google.com/recaptcha/api.js" in html
    assert "/static/js/recaptcha.js" in html
    assert inline_scripts(html) == []


# --- The static path (issue 15) -----------------------------------------------------


def test_static_file_headers_match_a_page_and_skip_the_rest(client, home_page, settings):
    """WhiteNoise answers first; the headers the header middleware would have
    added are the same, byte for byte, as on a page."""
    page = client.get("/")
    static = client.get("/static/css/site.css")

    assert static.status_code == 200
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ):
        assert static[name] == page[name], name
    assert "Cookie" not in static.get("Vary", "")  # no session middleware ran
    assert "Cache-Control" not in static or "private" not in static["Cache-Control"]


def test_static_file_over_https_carries_hsts(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 3600

    from django.test import Client

    static = Client().get("/static/css/site.css", secure=True)
    plain = Client().get("/static/css/site.css")

    assert static["Strict-Transport-Security"].startswith("max-age=3600")
    assert "Strict-Transport-Security" not in plain


def test_static_file_over_http_is_redirected_when_ssl_is_required(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/static/css/site.css")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")
