"""Small helpers shared by the membership tests."""

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://[^\s\"<>]+/membership/(confirm|unsubscribe|leave)/([^/\s\"<>]+)/")


def links_in(message):
    """{"confirm": path, "unsubscribe": path, "leave": path} from a sent email's text body."""
    found = {}
    for match in LINK.finditer(message.body):
        found.setdefault(match.group(1), urlsplit(match.group(0)).path)
    return found


def join(client, page, data):
    return client.post(page.url, data)
