"""Issue 12, item 3: recordings staff upload (Wagtail documents) for the intro and options."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


def document(name):
    return get_document_model().objects.create(
        title=name, file=ContentFile(b"RIFF....WAVE", name=name)
    )


def test_a_recording_must_be_a_sound_file(ballot):
    option = ballot.options.first()
    option.audio = document("minutes.pdf")
    with pytest.raises(ValidationError) as refused:
        option.full_clean()
    assert "Choose a sound file" in str(refused.value)
    ballot.intro_audio = document("notes.docx")
    with pytest.raises(ValidationError) as refused:
        ballot.full_clean()
    assert "intro_audio" in refused.value.message_dict


def test_recordings_render_as_players_in_place_of_listen(client, ballot):
    option = ballot.options.first()
    option.audio = document("issue-1.wav")
    option.full_clean()
    option.save()
    ballot.intro = "Intro."
    ballot.intro_audio = document("intro.mp3")
    ballot.full_clean()
    ballot.save()
    html = client.get("/have-your-say/").content.decode()
    assert html.count("<audio controls") == 2
    assert f'src="{option.audio.url}"' in html and f'src="{ballot.intro_audio.url}"' in html
    assert f'data-read-audio="ballot{ballot.pk}-intro-audio"' in html
    assert html.count("data-listen=") == 9  # the option with a recording has no Listen button
