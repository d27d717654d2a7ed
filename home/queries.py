"""Query shapes shared by the page listings, so a page costs a fixed, small
number of queries (issue 15: at most 12 for an anonymous visitor, flat in the
amount of content).

- ``public_q()`` is Wagtail's ``PageQuerySet.public()`` as one SQL condition:
  ``public()`` first reads every view restriction (one more query per use),
  this asks the database whether a restricted page is an ancestor-or-self of
  each row (``NOT EXISTS`` on the tree path) inside the same query.
- ``view_restrictions(path)`` is ``Page.get_view_restrictions()`` (the page's
  and its ancestors' restrictions, an alias answering to its source page) in
  one query where Wagtail takes two; SeoMixin (on every page type but the
  join page) uses it, so serving a page checks its restrictions in one query.
- ``route_by_url_path(root, request, path)`` routes a request down the tree
  in two queries where Wagtail takes two for each level (HomePage.route);
  the first also tells whether any view restriction applies, so Wagtail's
  check before serving needs no query of its own on a public page.
- ``image_with_renditions(field, *specs)`` fetches an image foreign key with
  the listing (a join) and its renditions in one more query, where
  ``Prefetch(field, images.prefetch_renditions(...))`` takes two;
  ``fetch_renditions(pairs)`` fetches the renditions of pictures already
  read, from several listings, in one query (the home page's).
- ``unrestricted()`` annotates a page queryset with whether any view
  restriction applies to each row, so serving the page (or a block's link to
  it) needs no query of its own to ask.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.images.utils import to_svg_safe_spec
from wagtail.models import Page, PageViewRestriction


def public_q():
    """Rows of a page queryset outside every private section (the same pages
    ``.public()`` keeps): no view restriction on the page or an ancestor, the
    ancestor being the page whose tree path starts this row's path."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted)


def image_with_renditions(field, *specs):
    """``(select_related name, Prefetch)`` for a listing's image field: the image
    joins the listing's query; its renditions for ``specs`` come in one query,
    where ``{% image %}`` finds them (Wagtail's ``prefetched_renditions``).
    Templates add ``preserve-svg`` (an SVG cannot become WebP), so an SVG's
    rendition has the spec without its format: both are fetched."""
    specs = {*specs, *(to_svg_safe_spec(spec) for spec in specs)}
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return field, Prefetch(
        f"{field}__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def fetch_renditions(pairs):
    """Renditions for ``(image, spec)`` pairs (``spec`` as in ``{% image %}``
    without ``preserve-svg``; None images skipped) in one query, kept on each
    image where ``{% image %}`` finds them (``prefetched_renditions``), as
    ``image_with_renditions`` leaves them, but for pictures of several
    listings and the page's own at once."""
    pairs = [(image, spec) for image, spec in pairs if image is not None]
    if not pairs:
        return
    specs = {spec for _image, spec in pairs}
    specs |= {to_svg_safe_spec(spec) for spec in specs}
    found = {}
    rendition_model = get_image_model().get_rendition_model()
    rows = rendition_model.objects.filter(
        filter_spec__in=specs, image_id__in={image.pk for image, _spec in pairs}
    )
    for rendition in rows:
        found.setdefault(rendition.image_id, []).append(rendition)
    for image in {id(image): image for image, _spec in pairs}.values():
        own = found.get(image.pk, [])
        for rendition in own:
            rendition.image = image
        image.prefetched_renditions = [*getattr(image, "prefetched_renditions", []), *own]


def unrestricted():
    """For ``.annotate(known_unrestricted=unrestricted())`` on a page queryset:
    True when no view restriction applies to the row, by Wagtail's rule
    (``Page.get_view_restrictions``: one on the page or an ancestor, an alias
    answering to its source page). ``SeoMixin.get_view_restrictions`` and
    ``BallotPage.results_visible_to`` then answer without a query; a row
    with a restriction is checked with Wagtail's query as before."""
    ancestors = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length("path")))
    restricted = PageViewRestriction.objects.filter(
        page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk"))
    )
    return ~Exists(ancestors.filter(Exists(restricted)))


def view_restrictions(path):
    """The restrictions on the page at tree ``path`` and on its ancestors
    (an alias answers to its source page's restrictions, as in Wagtail)."""
    step = Page.steplen
    chain = Page.objects.filter(path__in=[path[:end] for end in range(step, len(path) + 1, step)])
    return PageViewRestriction.objects.filter(
        Q(page__in=chain.filter(alias_of__isnull=True))
        | Q(page__in=chain.filter(alias_of__isnull=False).values("alias_of"))
    )


def _own_foreign_keys(model):
    """The page type's own foreign keys (not Page's): its pictures, the
    organisation a partner page is about, and the like."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.model is not Page and not f.remote_field.parent_link
    ]


def route_by_url_path(root, request, path_components):
    """Wagtail's routing from ``root`` down, in two queries however deep the page.

    Wagtail walks the tree one level at a time (the child by slug, then its
    specific row: two queries a level, so a blog post costs four and a page
    further down six). Here one query reads every page on the way by
    ``url_path`` and one more the last page's own row; it then routes the rest
    of the path as Wagtail would (sub-routes of a routable page). It stays
    because Wagtail's ``Page.route`` cannot be made cheaper from outside: each
    level is a ``get_children().get(slug=…)`` and a ``.specific``, and the
    page type is only known after the first of them.

    What Wagtail's routing decides, this decides the same way
    (tests/home/test_routing.py compares the two):
    - unpublished pages: the last page answers through its own ``route``
      (Wagtail's ``Page.route`` raises Http404 when it is not live); pages on
      the way may be drafts, as in Wagtail.
    - private pages: routing does not check them in Wagtail either; Wagtail's
      ``before_serve_page`` hook asks ``get_view_restrictions()``. The same
      query tells, for the root's ancestors, the root and each page on the
      way (an alias by its source page, as Wagtail does), whether a view
      restriction applies; when none does, the routed page is marked so that
      SeoMixin.get_view_restrictions answers without a query. When one does,
      Wagtail's check runs its query as before.
    - aliases: an alias has its own ``url_path`` in its tree, found like any
      page, and served as Wagtail serves it.
    - locales: ``root`` is the home page Wagtail picked for the active
      language (``site.root_page.localized``); only pages under it match.
    When a page on the way could answer the path itself (a routable page
    whose own routes match, or a page type with its own ``route``), this
    returns None and the caller routes Wagtail's way, so what answers a path
    never changes. The last page's row comes with the rows its own foreign
    keys name (joins): its pictures, which the link preview reads on every
    page, and the like.
    """
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    prefixes = [
        root.url_path + "".join(f"{part}/" for part in path_components[:n])
        for n in range(1, len(path_components) + 1)
    ]
    step = Page.steplen
    above = [root.path[:end] for end in range(step, len(root.path) + 1, step)]
    restricted = PageViewRestriction.objects.filter(
        page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk"))
    )
    rows = Page.objects.filter(
        Q(url_path__in=prefixes, path__startswith=root.path) | Q(path__in=above)
    ).annotate(restricted=Exists(restricted))
    chain = [root]
    any_restricted = False
    for row in rows.order_by("depth"):
        if row.path in above:
            any_restricted |= row.restricted
        elif row.depth == chain[-1].depth + 1 and row.path.startswith(chain[-1].path):
            chain.append(row)
            any_restricted |= row.restricted
    if len(chain) == 1:
        return None
    for consumed, page in enumerate(chain[1:-1], start=1):
        cls = page.specific_class
        if cls is None:
            return None
        if issubclass(cls, RoutablePageMixin):
            if cls.route is not RoutablePageMixin.route:
                return None
            rest = "/" + "".join(f"{part}/" for part in path_components[consumed:])
            try:
                cls.get_resolver().resolve(rest)
            except Http404:
                continue
            return None  # its own sub-route answers: Wagtail's way decides
        if cls.route is not Page.route:
            return None
    generic = chain[-1]
    cls = generic.specific_class
    if cls is None:
        return None
    last = cls._default_manager.select_related(*_own_foreign_keys(cls)).get(pk=generic.pk)
    last._cached_parent_obj = chain[-2]
    if not any_restricted:
        last.known_unrestricted = True
    return last.route(request, path_components[len(chain) - 1 :])
