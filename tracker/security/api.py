"""POST /api/v1/auth/token/: DRF's token login under the password rules.

Not in ``authentication.py``: DRF imports the authentication classes while its
views module loads, and the token view needs that module (an import cycle).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from tracker.security.passwords import api_password_change_refusal


@extend_schema_serializer(component_name="AuthToken")  # the schema as before
class TokenLoginSerializer(AuthTokenSerializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        refusal = api_password_change_refusal(attrs["user"])
        if refusal is not None:
            raise exceptions.PermissionDenied(refusal)
        return attrs


class TokenLoginView(ObtainAuthToken):
    serializer_class = TokenLoginSerializer


token_login = TokenLoginView.as_view()
