"""Moving text alternatives onto the image (issue 16, "one image + alt block").

A picture is described once, on the image (its ``description``). Two kinds of
older alt text are moved there by data migrations, each only onto an image
whose description is empty:
- image blocks in StreamFields carried their own ``alt_text``: each app's
  migration calls ``copy_block_alt_texts``, which also drops the key from the
  stored stream;
- four page types and the ballot option had an alt field beside their image:
  ``copy_field_alt_texts`` runs before each field is dropped, and
  ``forget_translation_segments`` deletes wagtail-localize's segments for it.
Drafts (a page's latest revision) give their alt texts to images too, so
publishing one later loses nothing; the revision itself is left as it is (a
block ignores a key it no longer has, a page a field it no longer has).

Used only by migrations, with the historical models they are given: keep its
behaviour stable.
"""

import json

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


def copy_block_alt_texts(apps, schema_editor, labels, field="body"):
    """For each model label ("app.Model"), every row's stream and latest revision."""
    db = schema_editor.connection.alias
    SiteImage = apps.get_model("home", "SiteImage")
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
            for image_id, alt in found:
                SiteImage.objects.using(db).filter(pk=image_id, description="").update(
                    description=alt[:255]
                )


def copy_field_alt_texts(apps, schema_editor, fields):
    """For each (model label, image field, alt field): a row's own alt text, and the
    one its latest revision holds, fill its image's description where that is empty.

    The last pass before those page-level alt fields are dropped (home 0013, blog
    0008, network 0015, ballot 0017); the guidance migrations had copied them once,
    and since then no form asked for them."""
    db = schema_editor.connection.alias
    SiteImage = apps.get_model("home", "SiteImage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for label, image_field, alt_field in fields:
        Model = apps.get_model(label)
        has_revisions = any(f.name == "latest_revision" for f in Model._meta.fields)
        columns = ["pk", f"{image_field}_id", alt_field]
        if has_revisions:
            columns.append("latest_revision_id")
        for row in Model.objects.using(db).values(*columns):
            found = [(row[f"{image_field}_id"], row[alt_field])]
            revision = (
                Revision.objects.using(db).filter(pk=row["latest_revision_id"]).first()
                if has_revisions
                else None
            )
            if revision is not None:
                content = revision.content or {}
                found.append((content.get(image_field), content.get(alt_field)))
            for image_id, alt in found:
                if isinstance(image_id, int) and isinstance(alt, str) and alt.strip():
                    SiteImage.objects.using(db).filter(pk=image_id, description="").update(
                        description=alt.strip()[:255]
                    )


LOCALIZE_LAST = ("wagtail_localize", "0016_rename_page_revision_translationlog_revision")


def forget_translation_segments(apps, schema_editor, label, field, within=""):
    """A wagtail-localize translation source keeps a segment for each translatable
    field it read; one made while ``field`` existed still has its segment after the
    field is dropped, and saving a translation from it then fails
    (``FieldDoesNotExist``). Those segments are deleted. ``label`` is the source's
    model; ``within`` names the child relation (``"options"``) when the field is on
    its rows, whose segment paths read ``options.<row key>.<field>``."""
    try:
        StringSegment = apps.get_model("wagtail_localize", "StringSegment")
    except LookupError:  # wagtail-localize's tables are not there yet: nothing to forget
        return
    app_label, model = label.lower().split(".")
    segments = StringSegment.objects.using(schema_editor.connection.alias).filter(
        source__specific_content_type__app_label=app_label,
        source__specific_content_type__model=model,
    )
    if within:
        segments = segments.filter(
            context__path__startswith=f"{within}.", context__path__endswith=f".{field}"
        )
    else:
        segments = segments.filter(context__path=field)
    segments.delete()
