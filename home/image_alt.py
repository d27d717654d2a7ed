"""Moving text alternatives onto the image (issue 16, "one image + alt block").

A picture is described once, on the image (its ``description``). Two kinds of
older alt text are moved there by data migrations, each only onto an image
whose description is empty:
- image blocks in StreamFields carried their own ``alt_text``: each app's
  migration calls ``copy_block_alt_texts``, which also drops the key from the
  stored stream;
- four page types and the ballot option had an alt field beside their image:
  ``alt_fields_to_images`` runs before each field is dropped: it copies the
  texts and deletes wagtail-localize's segments for the field.
Drafts (a page's latest revision) give their alt texts to images too, so
publishing one later loses nothing; the revision itself is left as it is (a
block ignores a key it no longer has, a page a field it no longer has).

Used only by migrations, with the historical models they are given: keep its
behaviour stable.
"""

import json

from django.db import migrations
from modelcluster.fields import ParentalKey

ALT_KEY = "alt_text"


def pop_alt_texts(data):
    """(image id, alt text) for every image block in raw stream ``data``, removing
    each ``alt_text`` key in place."""
    found = []
    if isinstance(data, dict):
        if ALT_KEY in data and "image" in data:
            alt = data.pop(ALT_KEY)
            if isinstance(data["image"], int) and isinstance(alt, str) and alt.strip():
                found.append((data["image"], alt.strip()))
        for value in data.values():
            found.extend(pop_alt_texts(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(pop_alt_texts(item))
    return found


def describe_images(apps, db, found):
    """Each (image id, alt text) of ``found``: the text becomes the image's
    description where it has none (the first text found for an image wins)."""
    SiteImage = apps.get_model("home", "SiteImage")
    for image_id, alt in found:
        if isinstance(image_id, int) and isinstance(alt, str) and alt.strip():
            SiteImage.objects.using(db).filter(pk=image_id, description="").update(
                description=alt.strip()[:255]
            )


def copy_block_alt_texts(apps, schema_editor, labels, field="body"):
    """For each model label ("app.Model"), every row's stream and latest revision."""
    db = schema_editor.connection.alias
    Revision = apps.get_model("wagtailcore", "Revision")
    for label in labels:
        Model = apps.get_model(label)
        for row in Model.objects.using(db).only("pk", field, "latest_revision"):
            raw = json.loads(json.dumps(list(getattr(row, field).raw_data)))
            found = pop_alt_texts(raw)
            if found:
                Model.objects.using(db).filter(pk=row.pk).update(**{field: raw})
            revision = Revision.objects.using(db).filter(pk=row.latest_revision_id).first()
            if revision is not None:
                stream = (revision.content or {}).get(field)
                if isinstance(stream, str):
                    stream = json.loads(stream or "[]")
                found += pop_alt_texts(stream)
            describe_images(apps, db, found)


def alt_fields_to_images(*fields):
    """The operation a migration runs before dropping alt fields (home 0013, blog
    0008, network 0015, ballot 0017), one (model label, image field, alt field)
    each: ``copy_field_alt_texts`` then ``forget_translation_segments``."""

    def run(apps, schema_editor):
        db = schema_editor.connection.alias
        for label, image_field, alt_field in fields:
            Model = apps.get_model(label)
            copy_field_alt_texts(apps, db, Model, image_field, alt_field)
            forget_translation_segments(apps, db, Model, alt_field)

    return migrations.RunPython(run, migrations.RunPython.noop)


def copy_field_alt_texts(apps, db, Model, image_field, alt_field):
    """Each row's own alt text, then the one each page's latest revision holds, fills
    its image's description where that is empty. The guidance migrations had copied
    the rows' once; since then no form asked for them."""
    is_page = any(f.name == "latest_revision" for f in Model._meta.fields)
    columns = [f"{image_field}_id", alt_field, *(["latest_revision_id"] if is_page else [])]
    rows = list(Model.objects.using(db).values_list(*columns))
    found = [(row[0], row[1]) for row in rows]
    if is_page:
        Revision = apps.get_model("wagtailcore", "Revision")
        drafts = Revision.objects.using(db).in_bulk([row[2] for row in rows if row[2]])
        for content in (revision.content or {} for revision in drafts.values()):
            found.append((content.get(image_field), content.get(alt_field)))
    describe_images(apps, db, found)


LOCALIZE_LAST = ("wagtail_localize", "0016_rename_page_revision_translationlog_revision")


def forget_translation_segments(apps, db, Model, field):
    """A wagtail-localize translation source keeps a segment for each translatable
    field it read; one made while ``field`` existed still has its segment after the
    field is dropped, and saving a translation from it then fails
    (``FieldDoesNotExist``). Those segments are deleted. The source is the page
    itself, or for an orderable (a ballot option) the page its ``ParentalKey``
    names, whose segment paths read ``<relation>.<row key>.<field>``."""
    try:
        StringSegment = apps.get_model("wagtail_localize", "StringSegment")
    except LookupError:  # wagtail-localize's tables are not there yet: nothing to forget
        return
    parent = next((f for f in Model._meta.fields if isinstance(f, ParentalKey)), None)
    source = parent.remote_field.model if parent else Model
    segments = StringSegment.objects.using(db).filter(
        source__specific_content_type__app_label=source._meta.app_label,
        source__specific_content_type__model=source._meta.model_name,
    )
    if parent:
        within = parent.remote_field.related_name
        segments = segments.filter(
            context__path__startswith=f"{within}.", context__path__endswith=f".{field}"
        )
    else:
        segments = segments.filter(context__path=field)
    segments.delete()
