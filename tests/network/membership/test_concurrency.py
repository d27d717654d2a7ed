"""Two sign-ups with the same address at the same moment still make one member."""

import threading

import pytest
from django.db import connection

from network.membership import services
from network.membership.views import current_consents
from network.models import Member


@pytest.mark.django_db(transaction=True)
def test_racing_joins_with_one_address_make_one_member(wagtail_roots, settings):
    settings.MEMBERSHIP_RESEND_INTERVAL = 0
    consents = current_consents()
    barrier = threading.Barrier(4)
    errors = []

    def sign_up(n):
        try:
            barrier.wait(timeout=10)
            services.join(
                name=f"Racer {n}",
                email="racer@example.org",
                organisation="",
                region="",
                involvement=[],
                consents=consents,
                wants_updates=False,
                base_url="http://testserver/",
            )
        except Exception as error:  # noqa: BLE001 - report any failure to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Member.objects.filter(email="racer@example.org").count() == 1
