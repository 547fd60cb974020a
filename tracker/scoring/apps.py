from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """考评: each division's score per period, derived from the audit trail."""

    name = "tracker.scoring"
    label = "scoring"
    verbose_name = _("考评")
