"""Changing one's own password (forced at first login, after a reset and on expiry)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tracker.security.passwords import self_service


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        token = self_service.set(True)  # the owner's own choice: no forced change after it
        try:
            response = super().form_valid(form)
        finally:
            self_service.reset(token)
        messages.success(self.request, _("密码已修改。"))
        return response
