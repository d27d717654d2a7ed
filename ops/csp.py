"""Origins and hashes the Content-Security-Policy settings are built from.

Imported by settings, so it reads files but imports nothing from Django.
"""

import base64
import hashlib
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Google's reCAPTCHA script and its challenge frame (only when keys are set).
RECAPTCHA_ORIGINS = ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"]
# Video players that editors embed in pages (Wagtail's embed block).
VIDEO_EMBED_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]


def style_hash(template):
    """The CSP source for the one inline <style> of a template."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    css = re.search(r"<style>(.*?)</style>", text, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# templates/500.html keeps its CSS inline so it renders even when static
# files are what broke.
ERROR_PAGE_STYLE_HASH = style_hash("500.html")
