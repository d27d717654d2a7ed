from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "mailings"
    verbose_name = "Follow by email and the newsletter"

    def ready(self):
        from wagtail.signals import page_published

        from .sending import on_page_published

        page_published.connect(on_page_published, dispatch_uid="mailings.on_page_published")
