"""Issue 12, item 3: the whole ballot read aloud in the page's language, with Play/Stop.

Headless chromium usually has no voices, so speech is a stand-in (below) that
records what it is asked to say; a test without the stand-in checks that the
control hides when the device really has no voice. Recordings are real WAV
files played by chromium's own <audio>.
"""

import io
import json
import math
import re
import struct
import wave

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

BALLOT = "/have-your-say/"

FAKE_SPEECH = """
(() => {
  window.__spoken = [];
  window.__cancelled = 0;
  window.__speechDelay = 5;
  let voices = VOICES;
  const listeners = [];
  class FakeUtterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  }
  const synth = {
    getVoices: () => voices,
    speak(u) {
      window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
      u.__timer = setTimeout(() => u.onend && u.onend({}), window.__speechDelay);
      synth.__current = u;
    },
    cancel() {
      window.__cancelled += 1;
      if (synth.__current) { clearTimeout(synth.__current.__timer); synth.__current = null; }
    },
    addEventListener(type, fn) { if (type === "voiceschanged") { listeners.push(fn); } },
    removeEventListener() {},
  };
  window.__setVoices = (list) => { voices = list; listeners.forEach((fn) => fn()); };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = FakeUtterance;
})();
"""

ENGLISH = [{"lang": "en-GB", "name": "English"}]
POLISH = [{"lang": "pl-PL", "name": "Polski"}]


def with_voices(page, voices):
    page.add_init_script(FAKE_SPEECH.replace("VOICES", json.dumps(voices)))


def demo_ballot_options():
    from ballot.models import BallotOption

    return BallotOption.objects.filter(page__slug="have-your-say", hidden=False)


def wait_until(page, expression, timeout=10.0):
    """Poll from Python: the site's CSP forbids the eval wait_for_function needs."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < end, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def spoken(page):
    return page.evaluate("window.__spoken")


def test_control_is_hidden_when_the_device_has_no_voice(demo_site, live_server, page):
    # Real chromium first: shown only if it really has an English voice.
    page.goto(live_server.url + BALLOT)
    control = page.locator("[data-read-aloud]")
    english = page.evaluate(
        "(window.speechSynthesis ? speechSynthesis.getVoices() : [])"
        ".filter(v => v.lang.toLowerCase().startsWith('en')).length"
    )
    if english:
        expect(control).to_be_visible()
    else:
        expect(control).to_be_hidden()
        expect(page.locator("[data-listen]").first).to_be_hidden()

    # No voice at first, then voices arrive (voiceschanged): shown.
    with_voices(page, [])
    page.goto(live_server.url + BALLOT)
    expect(control).to_be_hidden()
    page.evaluate(f"window.__setVoices({json.dumps(ENGLISH)})")
    expect(control).to_be_visible()
    expect(page.locator("[data-listen]").first).to_be_visible()
    # Only a Polish voice on an English page: no.
    page.evaluate(f"window.__setVoices({json.dumps(POLISH)})")
    expect(control).to_be_hidden()


def test_play_reads_the_whole_ballot_in_order_and_stop_stops(demo_site, live_server, page):
    with_voices(page, ENGLISH)
    page.goto(live_server.url + BALLOT)
    play = page.get_by_role("button", name="Read this ballot aloud")
    play.click()
    expect(page.get_by_role("button", name="Read this ballot aloud")).to_be_visible()
    said = [entry["text"] for entry in spoken(page)]
    assert said[0].startswith("Women in focus groups named ten issues.")  # the intro
    assert said[1] == "Which 3 issues should we work on first?"  # the question
    assert said[2].startswith("Choose exactly 3.")  # the instructions
    titles = [o.title for o in demo_ballot_options()]
    assert all(title in said for title in titles)  # every option, campaign title...
    assert any(t.startswith("Being held down by police") for t in said)  # ...and its words
    assert said[-1] == "Send my 3 choices"  # the button, last
    assert any("ballot card" in t for t in said)  # the code instructions
    assert said.index("Police") < said.index("Hospitals")  # in page order
    assert {entry["lang"] for entry in spoken(page)} == {"en-gb"}
    assert {entry["voice"] for entry in spoken(page)} == {"en-GB"}

    # Stop while reading: nothing more is said.
    page.evaluate("window.__spoken = []; window.__speechDelay = 60000")
    play.click()
    stop = page.get_by_role("button", name="Stop reading aloud")
    expect(stop).to_have_attribute("aria-pressed", "true")
    stop.click()
    expect(play).to_be_visible()
    page.evaluate("window.__speechDelay = 5")
    page.wait_for_timeout(200)
    assert len(spoken(page)) == 1
    assert page.evaluate("window.__cancelled") >= 2


def test_errors_are_read_aloud(demo_site, live_server, page):
    with_voices(page, ENGLISH)
    page.goto(live_server.url + BALLOT)
    page.locator('input[name="options"]').first.check()
    page.get_by_role("button", name=re.compile("Send my 3 choices")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.get_by_role("button", name="Read this ballot aloud").click()
    wait_until(page, "window.__spoken.length > 5")
    said = [entry["text"] for entry in spoken(page)]
    assert any("You chose 1." in t for t in said)


def test_reads_in_the_pages_language(demo_site, live_server, page):

    from ballot.models import BallotPage

    # The demo's Polish translation of the ballot.
    polish = BallotPage.objects.get(slug="have-your-say", locale__language_code="pl").url
    with_voices(page, ENGLISH)
    page.goto(live_server.url + polish)
    expect(page.locator("[data-read-aloud]")).to_be_hidden()  # no Polish voice here

    with_voices(page, ENGLISH + POLISH)
    page.goto(live_server.url + polish)
    page.locator("[data-read-aloud-toggle]").click()
    wait_until(page, "window.__spoken.length > 3")
    assert {entry["lang"] for entry in spoken(page)} == {"pl"}
    assert {entry["voice"] for entry in spoken(page)} == {"pl-PL"}


def wav_bytes(seconds=1.0, rate=8000):
    """A short tone, a real WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        )
        out.writeframes(frames)
    return buffer.getvalue()


@pytest.fixture
def recordings(demo_site):
    from wagtail.documents import get_document_model

    from ballot.models import BallotPage

    Document = get_document_model()
    ballot = BallotPage.objects.get(slug="have-your-say", locale__language_code="en-gb")
    intro = Document.objects.create(
        title="Intro recording", file=ContentFile(wav_bytes(), name="intro.wav")
    )
    police = Document.objects.create(
        title="Police recording", file=ContentFile(wav_bytes(), name="police.wav")
    )
    ballot.intro_audio = intro
    ballot.save_revision().publish()
    option = ballot.options.get(title="Police")
    option.audio = police
    option.save()
    return ballot


def test_recordings_play_without_any_speech(recordings, live_server, page):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    page.goto(live_server.url + BALLOT)
    audio = page.locator("audio")
    expect(audio).to_have_count(2)
    expect(audio.first).to_be_visible()
    expect(page.locator("[data-read-aloud]")).to_be_hidden()
    assert audio.first.get_attribute("controls") is not None
    # The police option has its recording instead of a "Listen" button.
    expect(page.get_by_text("Listen: Being held down by police")).to_be_visible()
    expect(page.locator("[data-listen]")).to_have_count(9)

    audio.first.click()  # a tap on the player: the user's gesture browsers ask for
    played = page.evaluate(
        """async () => {
            const a = document.querySelector('audio');
            await a.play();
            await new Promise((r) => setTimeout(r, 400));
            return {paused: a.paused, time: a.currentTime, error: a.error && a.error.code};
        }"""
    )
    assert played["error"] is None
    assert played["time"] > 0


def test_play_uses_a_recording_in_preference_to_speech(recordings, live_server, page):
    with_voices(page, ENGLISH)
    page.goto(live_server.url + BALLOT)
    page.evaluate(
        "window.__played = [];"
        "document.querySelectorAll('audio').forEach(a => a.addEventListener('play',"
        " () => window.__played.push(a.id)));"
    )
    page.get_by_role("button", name="Read this ballot aloud").click()
    wait_until(page, "window.__spoken.some(s => s.text === 'Send my 3 choices')", timeout=20)
    said = [entry["text"] for entry in spoken(page)]
    played = page.evaluate("window.__played")
    assert any(p.endswith("intro-audio") for p in played)
    assert any(re.search(r"option-\d+-audio$", p) for p in played)
    assert not any(t.startswith("Women in focus groups") for t in said)  # intro: the recording
    assert not any(t.startswith("Being held down by police") for t in said)
    assert any("Women who have been hurt" in t for t in said)  # others: the voice
