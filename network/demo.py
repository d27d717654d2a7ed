"""Demo network: 53 organisations, eight partner pages and the ten campaigns.

Only the eight partners are real names (from the content brief); every other
organisation is a plainly fictional "Example ..." so no real body is implied.
"""

import datetime

from home.demo import child_page, demo_name_plate, home_page, pictogram_image, rich

from . import demo_library, demo_membership
from .campaigns import CampaignIndexPage, CampaignPage, CampaignStatus, CampaignUpdatePage
from .models import Organisation
from .partners import NetworkIndexPage, PartnerPage

LAUNCH_DATE = datetime.date(2025, 5, 12)
TOTAL_ORGANISATIONS = 53

PARTNERS = [
    {
        "slug": "wish",
        "name": "Wish",
        "short": "Wish",
        "line": "The lead partner: a user-led charity for women with mental health needs.",
        "sectors": ["mental health", "criminal justice", "advocacy"],
        "about": "Wish works with women with mental health needs in prison, secure hospital "
        "and the community, offering gender-specific advocacy, counselling, support "
        "through the criminal justice system and the Community Link project. Wish leads "
        "the network.",
        "region": "national",
    },
    {
        "slug": "nsun",
        "name": "National Survivor User Network",
        "short": "NSUN",
        "line": "A network led by people with lived experience, shaping services and policy.",
        "sectors": ["mental health", "lived experience"],
        "about": "NSUN connects people with lived experience of mental distress so their "
        "knowledge shapes services and policy.",
        "region": "national",
    },
    {
        "slug": "ava",
        "name": "Against Violence and Abuse",
        "short": "AVA",
        "line": "A charity working to end gender-based violence and abuse.",
        "sectors": ["violence against women"],
        "about": "AVA works to end gender-based violence and abuse through research, "
        "training and projects with survivors.",
        "region": "national",
    },
    {
        "slug": "st-mungos",
        "name": "St Mungo's",
        "short": "St Mungo's",
        "line": "A charity supporting people who are homeless.",
        "sectors": ["housing", "homelessness"],
        "about": "St Mungo's supports people who are homeless or at risk of losing their "
        "home, including women with mental health needs.",
        "region": "national",
    },
    {
        "slug": "revolving-doors",
        "name": "Revolving Doors Agency",
        "short": "RDA",
        "line": "Improving services for people in repeated contact with criminal justice.",
        "sectors": ["criminal justice", "lived experience"],
        "about": "Revolving Doors works to change systems so that people caught in a cycle "
        "of crisis and crime get the help they need.",
        "region": "national",
    },
    {
        "slug": "women-in-prison",
        "name": "Women in Prison",
        "short": "WIP",
        "line": "A national charity supporting women in the criminal justice system.",
        "sectors": ["criminal justice", "prison"],
        "about": "Women in Prison supports women affected by the criminal justice system "
        "and campaigns to reduce the number of women in prison.",
        "region": "national",
    },
    {
        "slug": "imkaan",
        "name": "Imkaan",
        "short": "Imkaan",
        "line": "A black feminist organisation addressing violence against women and girls.",
        "sectors": ["violence against women", "black and minoritised women"],
        "about": "Imkaan is a black feminist organisation working to end violence against "
        "black and minoritised women and girls.",
        "region": "national",
    },
    {
        "slug": "people-first",
        "name": "People First (Self Advocacy)",
        "short": "People First",
        "line": "Self-advocacy run by and for people with learning difficulties.",
        "sectors": ["learning difficulties", "advocacy"],
        "about": "People First is run by and for people with learning difficulties, "
        "supporting them to speak up for themselves.",
        "region": "national",
    },
]

# (type, name pattern, places with their region): plainly fictional examples.
EXAMPLE_KINDS = [
    ("womens_centre", "Example Women's Centre, {}"),
    ("community", "Example Women's Peer Support Group, {}"),
    ("housing", "Example Women's Housing Project, {}"),
    ("health", "Example Community Mental Health Team, {}"),
    ("hospital", "Example Secure Unit, {}"),
]
EXAMPLE_PLACES = [
    ("Leeds", "yorkshire"),
    ("Manchester", "north_west"),
    ("Bristol", "south_west"),
    ("Newcastle", "north_east"),
    ("Birmingham", "west_midlands"),
    ("Nottingham", "east_midlands"),
    ("Norwich", "east"),
    ("Brighton", "south_east"),
    ("Cardiff", "wales"),
]


def example_organisations():
    """45 fictional organisations: five kinds in nine places."""
    for kind, pattern in EXAMPLE_KINDS:
        for place, region in EXAMPLE_PLACES:
            name = pattern.format(place)
            slug = "".join(c if c.isalnum() else "-" for c in name.lower().replace("'", ""))
            slug = "-".join(part for part in slug.split("-") if part)[:60]
            yield {"name": name, "slug": slug, "kind": kind, "region": region}


CAMPAIGNS = [
    (
        "prison",
        "Prison",
        "Most women in prison are a risk to no one, and many are survivors "
        "of serious trauma. We want support and rehabilitation in place of silencing.",
    ),
    (
        "police",
        "Police",
        "Police now meet many mental health crises that services used to. "
        "We want responses that do not re-traumatise women through restraint.",
    ),
    (
        "hospitals",
        "Hospitals",
        "Wards and A&E departments should be places where women "
        "feel safe, listened to and free from judgement.",
    ),
    (
        "domestic-violence",
        "Domestic violence",
        "Reports of domestic violence must be taken "
        "seriously every time: a woman's life can depend on it.",
    ),
    (
        "ptsd-and-complex-needs",
        "PTSD and complex needs",
        "Women need therapy that understands trauma, not only a label and a prescription.",
    ),
    (
        "housing",
        "Housing",
        "More safe, women-only housing, so that no woman has to choose "
        "between a roof and her safety.",
    ),
    (
        "children",
        "Children",
        "Mothers' recovery should count, and children should not be removed too readily.",
    ),
    (
        "counselling-advocacy-and-support",
        "Counselling, advocacy and support",
        "Talking "
        "therapy and advocacy, above all women-only and gender-specific, should be within "
        "every woman's reach.",
    ),
    (
        "staff-attitudes-and-behaviour",
        "Staff attitudes and behaviour",
        "Every woman should be listened to, treated equally and treated as a person.",
    ),
    (
        "male-staff-and-support-workers",
        "Male staff and support workers",
        "No woman in a "
        "prison or hospital should face intimidating or inappropriate conduct from staff.",
    ),
]


# Each campaign's OpenMoji pictogram (static/img/pictograms/<name>.svg): the same
# picture its issue has on the ballot, so a woman recognises it on both.
CAMPAIGN_PICTURES = {
    "prison": ("prison", "A padlock: being locked up in prison."),
    "police": ("police", "A police officer."),
    "hospitals": ("hospital", "A hospital building with a red cross."),
    "domestic-violence": ("domestic-abuse", "A shield: being kept safe from abuse at home."),
    "ptsd-and-complex-needs": ("trauma", "A brain: the mind, and help after trauma."),
    "housing": ("housing", "A house: a safe place to live."),
    "children": ("children", "A mother and her daughter together."),
    "counselling-advocacy-and-support": (
        "counselling",
        "A speech bubble: someone to talk to.",
    ),
    "staff-attitudes-and-behaviour": ("staff-attitudes", "An ear: being listened to."),
    "male-staff-and-support-workers": ("male-staff", "A man who works in health care."),
}


def campaign_picture(campaign):
    """Give a demo campaign made without a picture (by an earlier demo) its pictogram."""
    if campaign.image_id is not None or campaign.slug not in CAMPAIGN_PICTURES:
        return
    campaign.image = pictogram_image(*CAMPAIGN_PICTURES[campaign.slug])
    revision = campaign.save_revision()
    if campaign.live:
        revision.publish()


def ensure_organisations():
    partners = {}
    for spec in PARTNERS:
        organisation, _ = Organisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": Organisation.Kind.CHARITY,
                "region": spec["region"],
                "is_partner": True,
            },
        )
        partners[spec["slug"]] = organisation
    for fields in example_organisations():
        if Organisation.objects.count() >= TOTAL_ORGANISATIONS:
            break
        Organisation.objects.get_or_create(slug=fields["slug"], defaults=fields)
    return partners


def partner_logo(spec):
    """The partner's name drawn plainly, standing in for its own logo in the demo."""
    short = spec["short"]
    return demo_name_plate(f"{short} logo (demo name plate)", short, f"{short} logo")


def replace_old_logos():
    """Partner pages an earlier demo made still show circles for a logo: give each
    its name plate, in a new revision so publishing an older one keeps it."""
    specs = {spec["slug"]: spec for spec in PARTNERS}
    for page in PartnerPage.objects.filter(
        logo__title__endswith="logo (demo picture)", slug__in=list(specs)
    ):
        page.logo = partner_logo(specs[page.slug])
        revision = page.save_revision()
        if page.live:
            revision.publish()


def load_partners(home, organisations, stdout):
    index = child_page(
        home,
        NetworkIndexPage,
        "network",
        title="Our partners",
        show_in_menus=True,
        seo_title="Our partners: the charities behind the network",
        search_description="Wish leads the Women's Mental Health Network with seven "
        "partner charities from several sectors.",
        intro="Wish leads the network with seven partner charities. Together we reach "
        "women in prisons, hospitals, refuges, hostels and communities.",
    )
    created = 0
    for spec in PARTNERS:
        if index.get_children().filter(slug=spec["slug"]).exists():
            continue
        logo = partner_logo(spec)
        page = PartnerPage(
            slug=spec["slug"],
            title=spec["name"],
            short_name=spec["short"],
            summary=spec["line"],
            search_description=spec["line"],
            organisation=organisations[spec["slug"]],
            logo=logo,
            body=[{"type": "paragraph", "value": rich(spec["about"])}],
            website="https://example.org/",
            get_in_touch=f"Write to {spec['short']} through their website.",
        )
        page.sectors.add(*spec["sectors"])
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"Created {created} partner pages.")
    replace_old_logos()
    return index


def drop_repeated_summary(campaign, summary):
    """Demo pages made before the fix opened their body with the summary, which the
    page already shows as its lead: take that first paragraph out, once."""
    blocks = list(campaign.body)
    if not blocks or blocks[0].block_type != "paragraph":
        return
    if blocks[0].value.source != rich(summary):
        return
    campaign.body = [(b.block_type, b.value) for b in blocks[1:]]
    campaign.save_revision().publish()


def load_campaigns(home, stdout):
    index = child_page(
        home,
        CampaignIndexPage,
        "campaigns",
        title="Campaigns",
        show_in_menus=True,
        seo_title="Campaigns: the ten issues women named",
        search_description="Ten issues named by women in our focus groups. The three "
        "women choose most become national campaigns.",
        intro="Women in our focus groups named ten issues. Each has a page here; the "
        "three that women choose most in the consultation become our first national "
        "campaigns.",
    )
    created = 0
    for slug, title, summary in CAMPAIGNS:
        campaign = index.get_children().filter(slug=slug).first()
        if campaign is None:
            campaign = CampaignPage(
                slug=slug,
                title=title,
                status=CampaignStatus.IN_CONSULTATION,
                summary=summary,
                search_description=summary,
                image=pictogram_image(*CAMPAIGN_PICTURES[slug]),
                # The summary is the page's lead paragraph already: the body goes on
                # from it rather than saying it twice.
                body=[
                    {
                        "type": "paragraph",
                        "value": rich(
                            "This issue is one of ten in our consultation. If women choose "
                            "it among their top three, it becomes a national campaign that "
                            "we develop, pilot and evaluate with women."
                        ),
                    },
                ],
            )
            index.add_child(instance=campaign)
            campaign.save_revision().publish()
            created += 1
        else:
            drop_repeated_summary(campaign.specific, summary)
            campaign_picture(CampaignPage.objects.get(pk=campaign.pk))
        child_page(
            campaign,
            CampaignUpdatePage,
            "network-launch",
            title="The network launches",
            date=LAUNCH_DATE,
            summary="The Women's Mental Health Network has launched, and the consultation "
            "on this issue is open.",
            body=[
                {
                    "type": "paragraph",
                    "value": rich(
                        f"The network is live. {title} is one of the ten issues in our "
                        "consultation: tell us whether it is one of your top three."
                    ),
                }
            ],
        )
    if created:
        stdout.write(f"Created {created} campaign pages.")
    return index


def load(stdout):
    home = home_page()
    if home is None:
        return
    organisations = ensure_organisations()
    load_partners(home, organisations, stdout)
    load_campaigns(home, stdout)
    demo_library.load(home, stdout)
    demo_membership.load(stdout)
