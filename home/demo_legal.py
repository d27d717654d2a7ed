"""Demo privacy notice, cookie notice, accessibility statement and credits.

Ordinary StandardPages, so staff edit them like any other page; site
settings point the footer and the forms at them. The retention periods are
read from settings when the demo is loaded: change a setting, then edit the
page to match. Words are our own and are a starting point for Wish's data
protection lead, not legal advice.
"""

from django.conf import settings

from .models import SiteSettings, StandardPage


def _text(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def _list(*items):
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def privacy_body():
    purge_days = settings.MEMBERSHIP_PURGE_DAYS
    confirm_days = settings.MEMBERSHIP_CONFIRM_MAX_AGE // (24 * 60 * 60)
    return [
        _heading("Who we are"),
        _text(
            "The Women's Mental Health Network is run by Wish, a registered charity. "
            "Wish decides how the information on this website is used (the data controller). "
            "You can write to us using the details on our contact page."
        ),
        _heading("Voting is anonymous"),
        _text(
            "When you vote we never ask your name, email or address, and we do not keep your "
            "internet (IP) address with your vote. We keep which issues you chose, the hour "
            "you voted (not the minute), how you voted (online, with a code or on paper), "
            "the organisation that passed the ballot to you if there was one, and your "
            "answers to the optional 'About you' questions.",
            "Anonymous means nobody, not even our staff, can tell which vote is yours. It also "
            "means we cannot find or delete your vote later, because we cannot tell it apart "
            "from the others. Results only ever show groups of at least 10 women, so nobody "
            "can be picked out.",
            "To stop people voting many times, your browser keeps a small note that this "
            "device has voted (see our cookie notice), and we count votes from each internet "
            "address in a coded form that is thrown away after an hour. The address is never "
            "stored with any vote.",
        ),
        _heading("Joining the network"),
        _text(
            "If you join, we keep your name, email address, the organisation and region you "
            "give us, how you would like to be involved and what you agreed to, with the "
            "date. We use these to send you news of the network and, if you ticked the box, "
            "campaign updates."
        ),
        _list(
            f"The link in your confirmation email works for {confirm_days} days.",
            f"If you never confirm, we delete your details after {purge_days} days.",
            "If you confirm, we keep your details until you leave. Every email has a link "
            "to leave, which deletes your details.",
        ),
        _heading("Contacting us"),
        _text(
            "If you use the contact form, we keep your name, email address and message so we "
            "can reply, and email them to our team. Staff delete messages when they are no "
            "longer needed."
        ),
        _heading("Sharing your experience"),
        _text(
            "If you share an experience of a service, a small team at Wish reads it. You "
            "can stay anonymous; if you give your name, email or phone number, we use them "
            "only to contact you about what you wrote. We quote it only if you agreed, "
            "without your name and with anything that could identify you taken out. We "
            f"delete it after {settings.EXPERIENCE_RETENTION_DAYS} days."
        ),
        _heading("Why we may use your information (lawful basis)"),
        _list(
            "Membership and updates: your consent, which you can take back at any time.",
            "Replying to messages: our legitimate interest in answering people who write to us.",
            "Keeping the site and the ballot safe from misuse (spam checks, limits on "
            "repeated votes): our legitimate interest in a fair consultation.",
            "Anything you tell us about your health in a message is special category "
            "information: we use it only with your explicit consent, to reply to you.",
        ),
        _heading("Your rights"),
        _text(
            "You can ask to see the information we hold about you, to correct it, to delete "
            "it, to limit how we use it, or to object. You can take back your consent at any "
            "time. Because votes are anonymous, we cannot find one woman's vote.",
            "If you are unhappy with how we have used your information, please tell us first. "
            "You can also complain to the Information Commissioner's Office (ICO): "
            '<a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a> '
            "or 0303 123 1113.",
        ),
        _heading("Who else sees it"),
        _text(
            "We do not sell or share your information. Companies that host this website and "
            "send our emails handle it for us under contract. If reCAPTCHA is switched on "
            "for a form, Google checks that you are a person (see our cookie notice)."
        ),
    ]


def cookie_body():
    return [
        _heading("Cookies this site sets"),
        _text(
            "Cookies are small files a website keeps in your browser. We use only the ones "
            "the site needs to work and to keep the ballot fair. We do not use advertising "
            "or tracking cookies, and we do not use analytics."
        ),
        _list(
            "<strong>csrftoken</strong>: stops other websites sending forms in your name. "
            "Set when you open a page with a form. Kept for up to a year.",
            "<strong>wmhn_voted_</strong> followed by a number: notes that this device has "
            "voted in that ballot, so each woman votes once. It holds no choices and no name. "
            "Kept for up to 400 days. A shared device set up by a partner organisation "
            "does not keep it.",
            "<strong>sessionid</strong>: set if you sign in to edit the site, or when a "
            "ballot code is typed, to limit wrong guesses. Kept for up to two weeks.",
            "<strong>messages</strong>: carries a one-off message to the next page, then "
            "is deleted.",
        ),
        _heading("Google reCAPTCHA"),
        _text(
            "When reCAPTCHA is switched on, the join, contact and ballot forms load it from "
            "Google to check that a person, not a computer program, is sending them. Google "
            "then receives your internet address and information about your browser and how "
            "you use the page, may set its own cookies, and uses this under its "
            '<a href="https://policies.google.com/privacy">privacy policy</a> and '
            '<a href="https://policies.google.com/terms">terms</a>. When it is switched off, '
            "nothing is sent to Google."
        ),
        _heading("Staying safe"),
        _text(
            "If you are worried someone may check your device, use a private or incognito "
            "window and close it when you finish: your browser then forgets the pages you "
            "visited and the cookies above. The 'Leave this site' button replaces this page "
            "in your history, but it cannot delete the pages you looked at before it."
        ),
    ]


def accessibility_body():
    return [
        _heading("How accessible this website is"),
        _text(
            "We want every woman to be able to use this website, including on a phone, with "
            "a screen reader, by keyboard only, zoomed in to 400%, or without JavaScript. "
            "We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA."
        ),
        _heading("Compliance status"),
        _text(
            "This website is partially compliant with WCAG 2.2 AA. We test pages with "
            "automated checks (axe-core) and by hand, and we check that pages reflow without "
            "sideways scrolling on a screen 320 pixels wide, even with extra text spacing."
        ),
        _heading("What is not accessible yet"),
        _list(
            "The site is in English only. Other languages are planned.",
            "The 'Listen' buttons read only the ballot options, and only where your device "
            "has a voice installed.",
            "Documents uploaded as PDFs may not be fully accessible.",
        ),
        _heading("Tell us about a problem"),
        _text(
            "If you cannot use part of this website, or need information in another format "
            "such as easy read, large print or audio, please tell us through our contact page "
            "or by phone. We will reply within 10 working days.",
            "If you are not happy with our reply, contact the Equality Advisory and Support "
            'Service (EASS): <a href="https://www.equalityadvisoryservice.com/">'
            "equalityadvisoryservice.com</a>.",
        ),
        _heading("About this statement"),
        _text("This statement was prepared in 2026. We review it every year."),
    ]


def credits_body():
    return [
        _heading("Pictures on the ballot"),
        _text(
            "The pictures beside the ten issues on the ballot are from "
            '<a href="https://openmoji.org/">OpenMoji</a>, the open-source emoji and icon '
            "project, used unchanged. They are licensed under the "
            '<a href="https://creativecommons.org/licenses/by-sa/4.0/">Creative Commons '
            "Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0)</a>."
        ),
        {"type": "image_credits", "value": {"heading": "Photographs and other pictures"}},
        _heading("This website"),
        _text(
            "Built with Wagtail and Django, which are free and open-source software.",
            "Text is set in Atkinson Hyperlegible, made by the Braille Institute for "
            "readers with low vision, under the "
            '<a href="https://openfontlicense.org/">SIL Open Font Licence 1.1</a>.',
        ),
    ]


PAGES = [
    (
        "privacy_page",
        "privacy",
        "Privacy notice",
        "What we keep, why, for how long, and your rights. Voting is anonymous.",
        privacy_body,
    ),
    (
        "cookie_page",
        "cookies",
        "Cookies",
        "The few cookies this site sets, and Google reCAPTCHA.",
        cookie_body,
    ),
    (
        "accessibility_page",
        "accessibility",
        "Accessibility statement",
        "How accessible this website is and how to tell us about a problem.",
        accessibility_body,
    ),
    (
        "credits_page",
        "credits",
        "Credits",
        "Who made the pictures and software this site uses, and their licences.",
        credits_body,
    ),
]


def load(home, site, child_page):
    """Make the four pages under ``home`` and link them from ``site``'s settings."""
    site_settings = SiteSettings.for_site(site)
    changed = False
    for field, slug, title, intro, body in PAGES:
        page = child_page(home, StandardPage, slug, title=title, intro=intro, body=body())
        if getattr(site_settings, f"{field}_id") is None:
            setattr(site_settings, field, page)
            changed = True
    if changed:
        site_settings.save()
