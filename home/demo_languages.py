"""The demo in seven languages (issue 12).

Runs after every app's demo loader: translates the home, about, join and
ballot pages into each language through wagtail-localize (as "Translate" in
the admin does), fills in the sentences written below as the translations'
strings, and publishes. Every translated page is listed in the admin's
"Draft translations" (``home.models.mark_new_translation``) until a native
speaker checks it. Strings not written here show in English until staff
translate them in the translation editor. A page already translated into a
language is left alone, so staff edits are never overwritten.
"""

import json

from django.conf import settings
from django.db import transaction
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

# Short, plain demo sentences, written for this demo. Drafts: a native
# speaker should check each one before the site goes public.
SENTENCES = {
    "Have your say": {
        "cy": "Dweud eich dweud",
        "pl": "Wyraź swoje zdanie",
        "ro": "Spune-ți părerea",
        "ur": "اپنی رائے دیں",
        "bn": "আপনার মত দিন",
        "ar": "شاركي برأيك",
    },
    "Which 3 issues should we work on first?": {
        "cy": "Pa 3 mater ddylen ni weithio arnyn nhw gyntaf?",
        "pl": "Którymi 3 sprawami powinnyśmy zająć się najpierw?",
        "ro": "La care 3 probleme să lucrăm mai întâi?",
        "ur": "ہمیں پہلے کن 3 مسائل پر کام کرنا چاہیے؟",
        "bn": "আমরা প্রথমে কোন ৩টি বিষয়ে কাজ করব?",
        "ar": "ما القضايا الثلاث التي يجب أن نعمل عليها أولاً؟",
    },
    "Thank you. Your choices have been counted. Your vote is anonymous.": {
        "cy": "Diolch. Rydyn ni wedi cyfrif eich dewisiadau. Mae eich pleidlais yn ddienw.",
        "pl": "Dziękujemy. Twoje wybory zostały policzone. Twój głos jest anonimowy.",
        "ro": "Mulțumim. Alegerile tale au fost numărate. Votul tău este anonim.",
        "ur": "شکریہ۔ آپ کے انتخاب گن لیے گئے ہیں۔ آپ کا ووٹ گمنام ہے۔",
        "bn": "ধন্যবাদ। আপনার পছন্দ গোনা হয়েছে। আপনার ভোট গোপন।",
        "ar": "شكرًا لك. تم احتساب اختياراتك. تصويتك لا يحمل اسمك.",
    },
    "Women's voices, changing mental health services": {
        "cy": "Lleisiau menywod yn newid gwasanaethau iechyd meddwl",
        "pl": "Głos kobiet zmienia opiekę psychiatryczną",
        "ro": "Vocile femeilor schimbă serviciile de sănătate mintală",
        "ur": "خواتین کی آواز، ذہنی صحت کی خدمات میں تبدیلی",
        "bn": "নারীদের কণ্ঠ, মানসিক স্বাস্থ্য সেবায় পরিবর্তন",
        "ar": "أصوات النساء تغيّر خدمات الصحة النفسية",
    },
    "About the network": {
        "cy": "Am y rhwydwaith",
        "pl": "O sieci",
        "ro": "Despre rețea",
        "ur": "نیٹ ورک کے بارے میں",
        "bn": "নেটওয়ার্ক সম্পর্কে",
        "ar": "عن الشبكة",
    },
    "Join the network": {
        "cy": "Ymunwch â'r rhwydwaith",
        "pl": "Dołącz do sieci",
        "ro": "Alătură-te rețelei",
        "ur": "نیٹ ورک میں شامل ہوں",
        "bn": "নেটওয়ার্কে যোগ দিন",
        "ar": "انضمي إلى الشبكة",
    },
}

DEMO_SLUGS = ["about", "join", "have-your-say"]


def _fill_strings(source, locale):
    from wagtail_localize.models import StringSegment, StringTranslation

    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = SENTENCES.get(segment.string.data, {}).get(locale.language_code)
        if text:
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text, "translation_type": "manual"},
            )


def translate_demo_page(page, locales):
    """Translate ``page`` into each of ``locales`` it lacks, with the demo
    sentences; returns the locales it was translated into."""
    from wagtail_localize.models import TranslationSource

    page = page.specific
    have = set(page.get_translations().values_list("locale_id", flat=True))
    missing = [locale for locale in locales if locale.pk not in have]
    for locale in missing:
        with transaction.atomic():
            source, _ = TranslationSource.get_or_create_from_instance(page)
            _fill_strings(source, locale)
            _save_translation(page, source, locale)
    return missing


def _save_translation(page, source, locale):
    from wagtail_localize.models import Translation

    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    # Saved as a draft, then published here and now (wagtail-localize
    # would publish when the transaction commits, after later pages
    # were added below it).
    translation.save_target(publish=False)
    if page.live:
        page.get_translation(locale).get_latest_revision().publish()


def relink_translations(page, locales):
    """Point ``page``'s translations at the translated pages it links to.

    Page links (the home page's buttons, a ballot block) are synchronised
    fields in wagtail-localize: a translation keeps the English page unless
    the translation editor holds an override for it. The demo sets that
    override (as staff would in "Translate") for each link whose page now
    exists in the language, so /ur/ leads on to /ur/have-your-say/; staff
    can change or remove it there.
    """
    from wagtail_localize.models import (
        OverridableSegment,
        SegmentOverride,
        TranslationSource,
    )

    page = page.specific
    source, _ = TranslationSource.get_or_create_from_instance(page)
    links = []
    for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
        if _is_page_link(page, segment.context.path):
            links.append((segment.context, Page.objects.get(pk=json.loads(segment.data_json))))
    for locale in locales:
        with transaction.atomic():
            for context, linked in links:
                translated = linked.get_translation_or_none(locale)
                if translated is not None:
                    SegmentOverride.objects.update_or_create(
                        locale=locale,
                        context=context,
                        defaults={"data_json": json.dumps(translated.pk)},
                    )
            _save_translation(page, source, locale)


def _is_page_link(page, path):
    """Whether the field or StreamField block at wagtail-localize's ``path``
    (``join_page``, ``body.<block id>.ballot``) chooses a page."""
    name, *rest = path.split(".")
    field = page._meta.get_field(name)
    if not isinstance(field, StreamField):
        return field.is_relation and issubclass(field.related_model, Page)
    block_id, *children = rest
    raw = next((b for b in getattr(page, name).raw_data if b.get("id") == block_id), None)
    if raw is None:
        return False
    block = field.stream_block.child_blocks[raw["type"]]
    for child in children:
        block = getattr(block, "child_blocks", {}).get(child)
        if block is None:
            return False
    return isinstance(block, blocks.PageChooserBlock)


def load(stdout):
    home = Page.objects.filter(depth=2, locale=Locale.get_default()).first()
    if home is None:
        return
    locales = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _ in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    added = translate_demo_page(home, locales)
    for child in home.get_children().filter(slug__in=DEMO_SLUGS):
        translate_demo_page(child, locales)
    relink_translations(home, added)
    stdout.write("Translated the demo home, about, join and ballot pages (drafts to check).")
