"""Recordings on ballots: a sound file a browser can play, checked by the page and its options."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "wav", "webm"}


def check_audio(document, field):
    """A recording must be a sound file a browser's <audio> can play."""
    if document is not None and document.file_extension.lower() not in AUDIO_EXTENSIONS:
        raise ValidationError(
            {
                field: _("Choose a sound file (%(kinds)s), not a %(ext)s file.")
                % {"kinds": ", ".join(sorted(AUDIO_EXTENSIONS)), "ext": document.file_extension}
            }
        )
