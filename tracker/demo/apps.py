from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation (``seed_demo``): it fills every app from above,
    so that no app below it imports another to seed itself."""

    name = "tracker.demo"
    verbose_name = "演示数据"
