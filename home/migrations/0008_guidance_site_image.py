"""The site's own image model (home/images.py): caption, credit and licence.

Existing images are copied with their ids before every link is moved to the
new model (here and in the other apps' guidance_site_image migrations).
"""

import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.db import migrations, models


def copy_images(apps, schema_editor):
    """Every existing image becomes a SiteImage with the same id, so every link to
    it (foreign keys, StreamField and rich-text ids) still finds it. Renditions are
    not copied: they are made again when first asked for."""
    from django.core.management.color import no_style

    Old = apps.get_model("wagtailimages", "Image")
    New = apps.get_model("home", "SiteImage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    db = schema_editor.connection.alias
    fields = [
        f.attname
        for f in Old._meta.concrete_fields
        if f.attname in {g.attname for g in New._meta.concrete_fields}
    ]
    batch = [New(**{name: getattr(old, name) for name in fields}) for old in Old.objects.using(db)]
    New.objects.using(db).bulk_create(batch, batch_size=500)
    if batch:
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [New]):
                cursor.execute(sql)
    old_type = ContentType.objects.using(db).filter(app_label="wagtailimages", model="image").first()
    if old_type is not None and batch:
        new_type, _ = ContentType.objects.using(db).get_or_create(
            app_label="home", model="siteimage"
        )
        TaggedItem.objects.using(db).filter(content_type=old_type).update(content_type=new_type)


def uncopy_images(apps, schema_editor):
    """Going back: tags return to Wagtail's image (the old rows were kept)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    db = schema_editor.connection.alias
    old_type = ContentType.objects.using(db).filter(app_label="wagtailimages", model="image").first()
    new_type = ContentType.objects.using(db).filter(app_label="home", model="siteimage").first()
    if old_type and new_type:
        TaggedItem.objects.using(db).filter(content_type=new_type).update(content_type=old_type)


FIELDS = [("home", "HomePage", "hero_image", "hero_image_alt")]

def alt_text_to_descriptions(apps, schema_editor):
    """The text alternative is now asked once, as the image's description: a page's
    own alt text fills the description of an image that has none."""
    SiteImage = apps.get_model("home", "SiteImage")
    db = schema_editor.connection.alias
    for app, model, image_field, alt_field in FIELDS:
        Model = apps.get_model(app, model)
        rows = (
            Model.objects.using(db)
            .exclude(**{f"{image_field}__isnull": True})
            .exclude(**{alt_field: ""})
            .values_list(f"{image_field}_id", alt_field)
        )
        for image_id, alt in rows:
            SiteImage.objects.using(db).filter(pk=image_id, description="").update(
                description=alt[:255]
            )


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0007_library_donate'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SiteImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                ('description', models.CharField(blank=True, default='', max_length=255, verbose_name='description')),
                ('width', models.IntegerField(editable=False, verbose_name='width')),
                ('height', models.IntegerField(editable=False, verbose_name='height')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                ('caption', models.CharField(blank=True, help_text='Shown under the picture wherever it appears. Optional.', max_length=250, verbose_name='caption')),
                ('credit', models.CharField(blank=True, help_text="Who made it and where it comes from, e.g. 'Photo by Jane Doe via Flickr'. Shown under the picture and on the credits page.", max_length=250, verbose_name='credit')),
                ('licence', models.CharField(blank=True, help_text="e.g. 'CC BY 2.0', or 'With permission' for a partner's own logo.", max_length=120, verbose_name='licence')),
                ('source_url', models.URLField(blank=True, help_text='Where the original is, if it came from the web (linked on the credits page).', verbose_name='source web address')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'image',
                'verbose_name_plural': 'images',
                'abstract': False,
            },
            bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
        ),
        migrations.RunPython(copy_images, uncopy_images),
        migrations.AlterField(
            model_name='contactpage',
            name='social_image',
            field=models.ForeignKey(blank=True, help_text="Shown when the page is shared on social media. Falls back to the page's main picture.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='home.siteimage'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='hero_image',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='home.siteimage'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='social_image',
            field=models.ForeignKey(blank=True, help_text="Shown when the page is shared on social media. Falls back to the page's main picture.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='home.siteimage'),
        ),
        migrations.AlterField(
            model_name='standardpage',
            name='social_image',
            field=models.ForeignKey(blank=True, help_text="Shown when the page is shared on social media. Falls back to the page's main picture.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='home.siteimage'),
        ),
        migrations.CreateModel(
            name='SiteRendition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filter_spec', models.CharField(db_index=True, max_length=255)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=wagtail.images.models.get_rendition_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                ('width', models.IntegerField(editable=False)),
                ('height', models.IntegerField(editable=False)),
                ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='home.siteimage')),
            ],
            options={
                'unique_together': {('image', 'filter_spec', 'focal_point_key')},
            },
            bases=(wagtail.images.models.ImageFileMixin, models.Model),
        ),
        migrations.RunPython(alt_text_to_descriptions, migrations.RunPython.noop),
    ]
