"""Admin sign-in: failed attempts are limited, staff can require a code."""

import io
import logging
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"


@pytest.fixture(autouse=True)
def fresh_attempt_counts():
    """django-axes counts attempts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def token_for(device, steps_ahead=0):
    """The code an authenticator app would show, now or a few steps ahead."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wait_out_throttle(device):
    """django-otp makes the next try wait after a wrong code; skip the wait."""
    device.refresh_from_db()
    device.throttle_reset()


def sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


# --- Failed sign-ins are limited ------------------------------------------


def test_sign_in_pauses_after_five_failures(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = sign_in(client, "editor", "wrong password")
        assert response.status_code == 200
        assert "Your username and password didn" in response.content.decode()

    response = sign_in(client, "editor", "wrong password")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Signing in is paused" in text
    assert "too many failed attempts" in text
    assert "15 minutes" in text

    # The right password does not get in while the pause lasts.
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_peoples_failures_from_her_address_do_not_pause_her(client, editor):
    """The pause is per username and address together: wrong guesses at other
    accounts from the same office do not lock her out."""
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong password")

    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302


def test_failures_from_elsewhere_do_not_lock_her_out(client, editor):
    """Someone guessing her password from another address cannot lock her out."""
    for _ in range(6):
        response = client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong password"},
            REMOTE_ADDR="198.51.100.66",
        )
    assert response.status_code == 429  # the guesser is paused

    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_attempts_from_one_address_are_limited_across_usernames(client, editor, settings):
    settings.SIGN_IN_RATE = "8/h"
    for n in range(8):
        assert sign_in(client, f"guess-{n}", "wrong password").status_code == 200

    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        client.post(
            "/admin/login/",
            {"username": "editor", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        == 302
    )


def test_successful_sign_ins_do_not_use_up_the_address_limit(client, editor, settings):
    settings.SIGN_IN_RATE = "3/h"
    for _ in range(5):
        assert sign_in(client, "editor", PASSWORD).status_code == 302
        client.logout()


def test_other_addresses_can_still_sign_in(client, editor):
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong password")

    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_success_before_the_limit_resets_the_count(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "editor", "wrong password").status_code == 200


def test_an_administrator_can_lift_a_pause(client, editor):
    for _ in range(5):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    # The pause is for this username at this address, so both name it.
    call_command("axes_reset_ip_username", "127.0.0.1", "editor", stdout=io.StringIO())

    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_django_admin_sign_in_is_limited_too(client, django_user_model):
    django_user_model.objects.create_superuser("boss", password=PASSWORD)
    for _ in range(5):
        response = client.post(
            "/django-admin/login/", {"username": "boss", "password": "wrong password"}
        )
    assert response.status_code == 429


def test_attempt_logs_name_no_address_or_username(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        for _ in range(5):
            sign_in(client, "editor", "wrong password")

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "a sign-in attempt at /admin/login/" in text
    assert "127.0.0.1" not in text
    assert "editor" not in text


def test_test_client_login_still_works(client, editor):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


# --- Two-step sign-in ------------------------------------------------------


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)


def test_staff_with_a_device_must_give_a_code(client, editor, device):
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302

    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/two-step/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/two-step/verify/?next="), path

    response = client.get("/admin/two-step/verify/?next=/admin/pages/")
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()

    response = client.post("/admin/two-step/verify/", {"token": "000000", "next": "/admin/pages/"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # Straight after a wrong code even the right one waits (django-otp throttling).
    response = client.post("/admin/two-step/verify/", {"token": token_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    wait_out_throttle(device)
    response = client.post(
        "/admin/two-step/verify/", {"token": token_for(device), "next": "/admin/pages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_a_code_is_needed_again_in_every_new_session(client, editor, device):
    client.force_login(editor)
    client.post("/admin/two-step/verify/", {"token": token_for(device)})
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302


def test_django_admin_asks_for_the_code_too(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    TOTPDevice.objects.create(user=boss, name="Phone", confirmed=True)
    client.force_login(boss)

    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-step/verify/")


def test_verify_page_refuses_an_outside_next_address(client, editor, device):
    client.force_login(editor)
    response = client.post(
        "/admin/two-step/verify/", {"token": token_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_staff_without_a_device_are_not_asked(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_required_mode_sends_staff_without_a_device_to_set_one_up(client, editor, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    client.force_login(editor)

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-step/?next=")
    assert client.get("/admin/two-step/").status_code == 200


def test_public_site_is_not_gated(client, editor, device, home_page):
    client.force_login(editor)
    assert client.get("/").status_code == 200


def test_setting_up_two_step_sign_in(client, editor):
    client.force_login(editor)

    response = client.get("/admin/two-step/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Two-step sign-in is <strong>off</strong>" in html
    assert "<svg" in html
    pending = TOTPDevice.objects.get(user=editor)
    assert pending.confirmed is False
    # Reloading shows the same key, not a new one.
    client.get("/admin/two-step/")
    assert TOTPDevice.objects.filter(user=editor).count() == 1

    response = client.post("/admin/two-step/", {"token": "123"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert TOTPDevice.objects.get(user=editor).confirmed is False

    wait_out_throttle(pending)
    response = client.post("/admin/two-step/", {"token": token_for(pending)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=editor).confirmed is True
    # This session gave the code; the next one must.
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302


def test_turning_two_step_sign_in_off_needs_a_code(client, editor, device):
    client.force_login(editor)
    client.post("/admin/two-step/verify/", {"token": token_for(device)})

    response = client.get("/admin/two-step/")
    assert "Two-step sign-in is <strong>on</strong>" in response.content.decode()
    client.post("/admin/two-step/", {"token": "999999"})
    assert TOTPDevice.objects.filter(user=editor).exists()

    wait_out_throttle(device)
    response = client.post("/admin/two-step/", {"token": token_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_account_menu_links_to_two_step_sign_in(client, editor):
    client.force_login(editor)
    response = client.get("/admin/account/")
    assert 'href="/admin/two-step/"' in response.content.decode()


def test_reset_two_factor_command(editor, device):
    out = io.StringIO()
    call_command("reset_two_factor", "editor", stdout=out)
    assert "Removed 1 authenticator device(s) for editor." in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor).exists()


# --- Parallel attempts cannot slip past the count ---------------------------


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_reach_the_check_at_most_the_limit(
    django_user_model, settings
):
    """django-axes checks before it counts; the address limit counts first."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections
    from django.test import Client

    settings.SIGN_IN_RATE = "10/h"
    settings.AXES_FAILURE_LIMIT = 100  # only the address limit is under test here
    django_user_model.objects.create_user("target", password=PASSWORD)
    start = threading.Barrier(40)

    def attempt(n):
        try:
            start.wait(timeout=10)
            response = Client().post(
                "/admin/login/", {"username": "target", "password": f"guess {n}"}
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(attempt, range(40)))

    assert statuses.count(200) == 10
    assert statuses.count(429) == 30


# --- Password-reset emails are limited -------------------------------------


def reset(client, email, **extra):
    return client.post("/admin/password_reset/", {"email": email}, **extra)


def test_password_reset_emails_to_one_person_are_limited(client, editor, mailoutbox):
    editor.email = "editor@example.org"
    editor.save()

    replies = [reset(client, "editor@example.org", REMOTE_ADDR=f"198.51.100.{n}") for n in range(6)]

    assert [r.status_code for r in replies] == [302] * 6  # the same reply every time
    assert len(mailoutbox) == 3


def test_password_reset_requests_from_one_address_are_limited(
    client, django_user_model, mailoutbox
):
    for n in range(7):
        django_user_model.objects.create_user(f"user{n}", f"user{n}@example.org", PASSWORD)

    replies = [reset(client, f"user{n}@example.org") for n in range(7)]

    assert [r.status_code for r in replies] == [302] * 5 + [429] * 2
    assert "Too many password reset requests" in replies[-1].content.decode()
    assert len(mailoutbox) == 5
