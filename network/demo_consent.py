"""Demo draft translations of the join form's consent wording (issue 12).

Called from ``network/demo_membership.py`` once the English versions exist.
Written for this demo, not by native speakers: each version is saved with
``draft_translation`` ticked, so the admin's consent wording list shows
"Draft translation: to be checked by a native speaker" until staff add a
checked version. A language that already has a version of a kind is left
alone, so staff wording is never replaced.
"""

from .models_membership import ConsentText

WORDING = {
    ConsentText.Kind.MEMBERSHIP: {
        "cy": (
            "Rydw i eisiau ymuno â Rhwydwaith Iechyd Meddwl Menywod. Rydw i'n cytuno y "
            "gall Wish, sy'n arwain y rhwydwaith, gadw fy enw, fy nghyfeiriad e-bost a'r "
            "manylion eraill rydw i'n eu rhoi yma i redeg y rhwydwaith, nes i mi adael."
        ),
        "pl": (
            "Chcę dołączyć do Sieci Zdrowia Psychicznego Kobiet. Zgadzam się, aby Wish, "
            "który prowadzi sieć, przechowywał moje imię i nazwisko, adres e-mail i inne "
            "podane tu dane, aby prowadzić sieć, dopóki z niej nie odejdę."
        ),
        "ro": (
            "Vreau să mă alătur Rețelei pentru Sănătatea Mintală a Femeilor. Sunt de "
            "acord ca Wish, care conduce rețeaua, să păstreze numele meu, adresa mea de "
            "e-mail și celelalte date pe care le dau aici, pentru a conduce rețeaua, "
            "până când plec."
        ),
        "ur": (
            "میں خواتین کی ذہنی صحت کے نیٹ ورک میں شامل ہونا چاہتی ہوں۔ میں متفق ہوں کہ "
            "Wish، جو اس نیٹ ورک کی قیادت کرتا ہے، نیٹ ورک چلانے کے لیے میرا نام، ای میل "
            "پتہ اور یہاں دی گئی دوسری تفصیلات رکھ سکتا ہے، جب تک میں چھوڑ نہ دوں۔"
        ),
        "bn": (
            "আমি নারীদের মানসিক স্বাস্থ্য নেটওয়ার্কে যোগ দিতে চাই। আমি রাজি যে নেটওয়ার্কটির "
            "পরিচালক Wish নেটওয়ার্ক চালানোর জন্য আমার নাম, ইমেল ঠিকানা এবং এখানে দেওয়া "
            "অন্যান্য তথ্য রাখতে পারে, যতদিন না আমি ছেড়ে যাই।"
        ),
        "ar": (
            "أريد الانضمام إلى شبكة الصحة النفسية للنساء. أوافق على أن تحتفظ Wish، التي "
            "تقود الشبكة، باسمي وعنوان بريدي الإلكتروني والتفاصيل الأخرى التي أقدمها هنا "
            "لإدارة الشبكة، حتى أغادرها."
        ),
    },
    ConsentText.Kind.UPDATES: {
        "cy": (
            "Anfonwch ambell e-bost ataf am ymgyrchoedd y rhwydwaith a sut i gymryd "
            "rhan. Gallaf eu hatal unrhyw bryd gyda'r ddolen ym mhob e-bost."
        ),
        "pl": (
            "Wysyłajcie mi od czasu do czasu e-maile o kampaniach sieci i o tym, jak "
            "wziąć w nich udział. Mogę je zatrzymać w każdej chwili linkiem w każdym e-mailu."
        ),
        "ro": (
            "Trimiteți-mi din când în când e-mailuri despre campaniile rețelei și despre "
            "cum pot participa. Le pot opri oricând cu linkul din fiecare e-mail."
        ),
        "ur": (
            "مجھے کبھی کبھار نیٹ ورک کی مہمات اور ان میں حصہ لینے کے طریقے کے بارے میں ای "
            "میلز بھیجیں۔ میں ہر ای میل میں موجود لنک سے انہیں کسی بھی وقت بند کر سکتی ہوں۔"
        ),
        "bn": (
            "নেটওয়ার্কের প্রচারণা এবং কীভাবে অংশ নেওয়া যায় সে সম্পর্কে মাঝে মাঝে আমাকে ইমেল "
            "পাঠান। প্রতিটি ইমেলের লিংক দিয়ে আমি যেকোনো সময় এগুলো বন্ধ করতে পারি।"
        ),
        "ar": (
            "أرسلوا لي أحيانًا رسائل بريد إلكتروني عن حملات الشبكة وكيفية المشاركة. "
            "يمكنني إيقافها في أي وقت من الرابط الموجود في كل رسالة."
        ),
    },
}


def load(stdout):
    added = 0
    for kind, by_language in WORDING.items():
        for language, wording in by_language.items():
            if ConsentText.objects.filter(kind=kind, language=language).exists():
                continue
            ConsentText.objects.create(
                kind=kind, language=language, wording=wording, draft_translation=True
            )
            added += 1
    if added:
        stdout.write(f"Added {added} draft translations of the consent wording (to check).")
