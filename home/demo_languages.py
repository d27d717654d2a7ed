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

from django.conf import settings
from django.db import transaction
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
    """Translate ``page`` into each of ``locales`` it lacks, with the demo sentences."""
    from wagtail_localize.models import Translation, TranslationSource

    page = page.specific
    have = set(page.get_translations().values_list("locale_id", flat=True))
    missing = [locale for locale in locales if locale.pk not in have]
    for locale in missing:
        with transaction.atomic():
            source, _ = TranslationSource.get_or_create_from_instance(page)
            _fill_strings(source, locale)
            translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
            # Saved as a draft, then published here and now (wagtail-localize
            # would publish when the transaction commits, after later pages
            # were added below it).
            translation.save_target(publish=False)
            if page.live:
                page.get_translation(locale).get_latest_revision().publish()


def load(stdout):
    home = Page.objects.filter(depth=2, locale=Locale.get_default()).first()
    if home is None:
        return
    locales = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _ in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
    translate_demo_page(home, locales)
    for child in home.get_children().filter(slug__in=DEMO_SLUGS):
        translate_demo_page(child, locales)
    stdout.write("Translated the demo home, about, join and ballot pages (drafts to check).")
