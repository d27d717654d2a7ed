"""Erasure leaves no personal data anywhere in the database."""

import pytest
from django.core import mail
from django.db import connection

from network.models import LeaverTally, Member

from .helpers import join, links_in

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.q@example.net"
ORGANISATION = "Quillfeather Drop-in"


def tables_containing(*needles):
    """(table, column) pairs whose text holds any needle, searching every column of every table."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                for needle in needles:
                    cursor.execute(
                        f"SELECT 1 FROM {quote(table)} "  # noqa: S608 - names from introspection
                        f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s LIMIT 1",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone():
                        found.append((table, column.name))
    return found


def join_and_confirm(client, join_page, join_data):
    join_data.update({"name": NAME, "email": EMAIL.upper(), "organisation": ORGANISATION})
    join(client, join_page, join_data)
    client.post(links_in(mail.outbox[-1])["confirm"])
    assert Member.objects.confirmed().filter(email=EMAIL).exists()


def test_the_search_finds_a_member_before_erasure(client, join_page, join_data):
    join_and_confirm(client, join_page, join_data)

    found = tables_containing(NAME, EMAIL)

    assert ("network_member", "name") in found
    assert ("network_member", "email") in found


def test_leaving_leaves_no_personal_data(client, join_page, join_data):
    join_and_confirm(client, join_page, join_data)

    client.post(links_in(mail.outbox[-1])["leave"])

    assert tables_containing(NAME, EMAIL, ORGANISATION) == []
    assert Member.objects.count() == 0
    assert LeaverTally.objects.get(reason="left").count == 1


def test_staff_erasure_leaves_no_personal_data_even_after_edits(
    client, admin_client, join_page, join_data
):
    join_and_confirm(client, join_page, join_data)
    member = Member.objects.get()
    # A staff edit writes an admin log line that names the member.
    admin_client.post(
        f"/admin/network/member/edit/{member.pk}/",
        {"name": NAME + " Jr", "organisation": ORGANISATION, "region": "london"},
    )
    member.refresh_from_db()
    assert member.name == NAME + " Jr"
    # The admin's log line names the member until erasure removes it.
    assert ("wagtailcore_modellogentry", "label") in tables_containing(NAME)

    response = admin_client.post(f"/admin/network/member/erase/{member.pk}/", follow=True)

    assert response.status_code == 200
    assert "personal data has been erased" in response.content.decode()
    assert tables_containing(NAME, EMAIL, ORGANISATION) == []
    assert LeaverTally.objects.get(reason="erased").count == 1
