from django.contrib.admin.apps import AdminConfig


class DubanAdminConfig(AdminConfig):
    """The management site, entered by role (三员分立) rather than by is_staff."""

    default = False
    default_site = "tracker.security.admin_site.DubanAdminSite"
