"""Demo content for the home app, and helpers the other apps' loaders share.

Words are our own; names and numbers come from the content brief.
"""

import io

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .models import ContactFormField, ContactPage, HomePage, SiteSettings, StandardPage
from .site_url import parse_site_url

HERO_COLOURS = ("#5b2a86", "#f5f0fa")
DEMO_LOGO_TITLE = "Women's Mental Health Network wordmark (demo)"

HOME_FIELDS = {
    "title": "Home",
    "slug": "home",
    "seo_title": "Women's Mental Health Network: women's voices changing services",
    "search_description": (
        "A user-led network, led by the charity Wish, through which women with "
        "mental health needs tell statutory services what must change."
    ),
    "hero_heading": "Women's voices, changing mental health services",
    "hero_text": (
        "Women with mental health needs, including women in prison and secure "
        "hospital, deciding together what must change, and then making it happen."
    ),
    "intro": (
        "The Women's Mental Health Network is a campaign led by women who use "
        "services. Wish leads it with seven partner charities. We are asking 5,000 "
        "women which issues matter most, and the three they choose will become "
        "our first national campaigns."
    ),
    "body": [
        {
            "type": "key_facts",
            "value": {
                "heading": "The consultation in numbers",
                "facts": [
                    {"figure": "5,000", "label": "women we aim to hear from"},
                    {"figure": "53", "label": "organisations carrying the ballot to women"},
                    {"figure": "10", "label": "issues named by women in focus groups"},
                    {"figure": "3", "label": "issues that will become national campaigns"},
                ],
            },
        }
    ],
}


# Vendored OpenMoji pictograms (static/img/pictograms, `make pictograms`): the
# demo's pictures, credited as their licence asks on every page and /credits/.
PICTOGRAM_DIR = settings.BASE_DIR / "static" / "img" / "pictograms"
PICTOGRAM_CREDIT = "OpenMoji"
PICTOGRAM_LICENCE = "CC BY-SA 4.0"
PICTOGRAM_SOURCE = "https://openmoji.org/"
HERO_PICTOGRAM = ("women-together", "Two women holding hands.")
# The placeholder the demo drew before the pictograms; a re-run replaces it.
OLD_HERO_TITLE = "Women speaking together (demo picture)"


def pictogram_image(name, description=""):
    """The Wagtail image made from a vendored pictogram, created on first use, one
    per pictogram however often the demo loads; its description (the text
    alternative) and OpenMoji's credit and licence filled in where empty."""
    Image = get_image_model()
    title = f"Pictogram: {name} (OpenMoji, CC BY-SA 4.0)"
    existing = Image.objects.filter(title=title).first()
    if existing:
        missing = {
            field: value
            for field, value in (
                ("description", description),
                ("credit", PICTOGRAM_CREDIT),
                ("licence", PICTOGRAM_LICENCE),
                ("source_url", PICTOGRAM_SOURCE),
            )
            if value and not getattr(existing, field)
        }
        if missing:
            for field, value in missing.items():
                setattr(existing, field, value)
            existing.save(update_fields=list(missing))
        return existing
    path = PICTOGRAM_DIR / f"{name}.svg"
    with path.open("rb") as svg:
        return Image.objects.create(
            title=title,
            description=description,
            credit=PICTOGRAM_CREDIT,
            licence=PICTOGRAM_LICENCE,
            source_url=PICTOGRAM_SOURCE,
            file=ImageFile(svg, name=f"pictogram-{name}.svg"),
        )


def demo_name_plate(title, text, description, size=(480, 240)):
    """Return the image called ``title``, drawing ``text`` in the site's purple on
    white if missing: a plain stand-in for a partner's own logo, saying whose it is."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    background, foreground = "#ffffff", HERO_COLOURS[0]
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((4, 4, width - 5, height - 5), outline=foreground, width=6)
    font = ImageFont.load_default(size=min(72, int(width * 1.6 / max(len(text), 1))))
    draw.text((width / 2, height / 2), text, fill=foreground, font=font, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    return Image.objects.create(
        title=title,
        description=description,
        credit="Drawn for the demo of this website",
        licence="Replace with the partner's own logo",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{slug}.png"),
    )


def demo_image(title, colours=HERO_COLOURS, size=(1200, 800)):
    """Return the image called ``title``, drawing the circles placeholder earlier
    demos used if missing (the demo no longer shows it; tests make old demos with it)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    background, foreground = colours
    picture = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for step in range(0, width, 80):
        draw.ellipse(
            (step, height // 3, step + 160, height // 3 + 160), outline=foreground, width=6
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{slug}.png")
    )


def demo_logo():
    """The demo's wordmark (static/img/wordmark.svg, drawn for it) as the site's logo."""
    from django.conf import settings

    Image = get_image_model()
    existing = Image.objects.filter(title=DEMO_LOGO_TITLE).first()
    if existing:
        return existing
    svg = (settings.BASE_DIR / "static" / "img" / "wordmark.svg").read_bytes()
    return Image.objects.create(
        title=DEMO_LOGO_TITLE,
        file=ImageFile(io.BytesIO(svg), name="demo-wordmark.svg"),
        credit="Drawn for the demo of this website",
        licence="Replace with your own logo",
    )


def child_page(parent, model, slug, **fields):
    """Return the child of ``parent`` at ``slug``, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def home_page():
    return HomePage.objects.first()


def rich(text):
    """A paragraph block value from plain paragraphs separated by blank lines."""
    return "".join(f"<p>{para.strip()}</p>" for para in text.strip().split("\n\n"))


def set_home_link(field, page):
    """Point one of the home page's calls to action at ``page`` unless staff already chose."""
    home = home_page()
    if home and getattr(home, f"{field}_id") is None:
        setattr(home, field, page)
        home.save_revision().publish()


def _ensure_home(stdout):
    home = home_page()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's own welcome page (and the site pointing at it) gives way to ours.
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePage(**HOME_FIELDS, hero_image=pictogram_image(*HERO_PICTOGRAM))
    root.add_child(instance=home)
    home.save_revision().publish()
    hostname, port = parse_site_url(settings.SITE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": hostname,
            "port": port,
            "root_page": home,
            "site_name": "Women's Mental Health Network",
        },
    )
    stdout.write("Created the home page.")
    return home


def _hero_pictogram():
    """Home pages an earlier demo made (and their translations) still show the circles:
    give each the pictogram, in a new revision so publishing an older one later does
    not bring them back."""
    for home in HomePage.objects.filter(hero_image__title=OLD_HERO_TITLE):
        home.hero_image = pictogram_image(*HERO_PICTOGRAM)
        revision = home.save_revision()
        if home.live:
            revision.publish()


def load(stdout):
    home = _ensure_home(stdout)
    _hero_pictogram()
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.email:
        site_settings.organisation_name = "Wish"
        site_settings.email = "hello@example.org"
        site_settings.phone = "020 0000 0000"
        site_settings.address = "Example address, London"
        site_settings.charity_number = "1000000 (example)"
        site_settings.x_url = "https://x.com/example"
        site_settings.save()
    if not site_settings.donate_url:
        # The charity's own donation page; an example address in the demo.
        site_settings.donate_url = "https://donate.example.org/wish"
        site_settings.save(update_fields=["donate_url"])
    if site_settings.logo_id is None:
        site_settings.logo = demo_logo()
        site_settings.save(update_fields=["logo"])

    child_page(
        home,
        StandardPage,
        "about",
        title="About the network",
        show_in_menus=True,
        search_description="Who we are: a user-led network led by Wish with seven partners.",
        intro=(
            "A user-led campaigning network that gives women with mental health needs "
            "a shared voice in how statutory services treat them."
        ),
        body=[
            {"type": "heading", "value": {"text": "Why the network exists", "level": "h2"}},
            {
                "type": "paragraph",
                "value": rich(
                    """
Women who use mental health services, and especially women in prison or secure
hospital, are rarely asked what would make services better. When they are asked,
the answers are often left on a shelf.

The network changes that. Women say what must change in hospitals, prisons,
policing, drug and alcohol services, housing and social care, and then take part
in making that change happen.
"""
                ),
            },
            {"type": "heading", "value": {"text": "Led by Wish", "level": "h2"}},
            {
                "type": "paragraph",
                "value": rich(
                    """
Wish is a user-led national charity for women with mental health needs in prison,
secure hospital and the community. It began around thirty years ago with advocacy
in high-secure hospitals such as Broadmoor, and has worked in HMP Holloway and
other prisons for decades.

Today Wish offers gender-specific advocacy, counselling, support through the
criminal justice system, and Community Link, which helps women get ready for
release and through the months that follow.
"""
                ),
            },
            {
                "type": "quote",
                "value": {
                    "quote": "Nothing about us without us.",
                    "attribution": "A principle of the survivor movement",
                },
            },
        ],
    )
    child_page(
        home,
        StandardPage,
        "get-involved",
        title="Get involved",
        show_in_menus=True,
        search_description="Join the network, have your say, follow our updates or get in touch.",
        intro="There are many ways to be part of the network, whatever your situation.",
        body=[
            {"type": "heading", "value": {"text": "Have your say", "level": "h2"}},
            {
                "type": "paragraph",
                "value": rich(
                    "Choose the three issues you most want us to campaign on. It is "
                    "anonymous and takes a few minutes, online or on paper through a "
                    "partner organisation."
                ),
            },
            {"type": "heading", "value": {"text": "Share your experience", "level": "h2"}},
            {
                "type": "paragraph",
                "value": rich(
                    "If you want to tell us about your experience of services, pool "
                    "evidence with us, ask about adopting our gender-specific advocacy "
                    "model, or talk about partnership, training or consultancy, please "
                    "get in touch."
                ),
            },
        ],
    )

    ensure_contact_page(home)

    from . import demo_legal

    demo_legal.load(home, site, child_page)


CONTACT_FIELDS = [
    ("Your name", "singleline", True, "", ""),
    ("Your email address", "email", True, "", "We only use it to reply to you."),
    (
        "What is it about?",
        "dropdown",
        True,
        "Sharing my experience of services\nPooling evidence\n"
        "Adopting the gender-specific advocacy model\nPartnering on commissions\n"
        "Training and consultancy\nSomething else",
        "",
    ),
    ("Your message", "multiline", True, "", ""),
]


def ensure_contact_page(home):
    """The contact page at /contact/, a form staff can change in the admin."""
    if home.get_children().filter(slug="contact").exists():
        return
    page = ContactPage(
        slug="contact",
        title="Contact us",
        show_in_menus=True,
        search_description="Get in touch to share your experience of services, pool "
        "evidence, or ask about training and partnership.",
        intro=(
            "Get in touch to share your experience of services, pool evidence with us, "
            "or ask about adopting the gender-specific advocacy model, partnering on "
            "commissions, training and consultancy."
        ),
        to_address="hello@example.org",
        from_address="website@example.org",
        subject="New message from the website",
    )
    page.form_fields = [
        ContactFormField(
            label=label, field_type=kind, required=required, choices=choices, help_text=help
        )
        for label, kind, required, choices, help in CONTACT_FIELDS
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
