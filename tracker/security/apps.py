from django.apps import AppConfig, apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# Apps whose text fields take what users type or upload.
TEXT_INPUT_APPS = ("org", "tasks", "evidence", "reviews", "notifications", "plans")


class SecurityConfig(AppConfig):
    name = "tracker.security"
    label = "security"
    verbose_name = _("安全")

    def ready(self) -> None:
        # Every text field of these apps refuses XML-invalid and bidi control
        # characters: services call full_clean(), ModelForms and DRF's model
        # serializers read the field's validators, so pages, API and imports
        # all share this one rule. Set as the instance's default validators,
        # so migrations do not see it.
        from tracker.security import signals  # noqa: F401  (session limit, lockout audit)
        from tracker.security.text import validate_text

        for label in TEXT_INPUT_APPS:
            for model in apps.get_app_config(label).get_models():
                for field in model._meta.get_fields():
                    if isinstance(field, models.CharField | models.TextField):
                        field.default_validators = [*field.default_validators, validate_text]
                        field.__dict__.pop("validators", None)
