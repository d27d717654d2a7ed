"""Admin widgets for the ballot editor."""

from wagtail.admin.widgets import AdminDateTimeInput


class QuarterHourDateTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker offering every quarter hour, not only whole
    hours, so a closing time such as 17:30 can be picked, not typed. Any minute
    can still be typed."""

    def get_config(self):
        return {**super().get_config(), "step": 15}
