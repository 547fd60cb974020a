from __future__ import annotations

from django import forms

from tracker.scoring.models import ScoringRules
from tracker.scoring.services import RULE_FIELDS


class ScoringRulesForm(forms.ModelForm):
    class Meta:
        model = ScoringRules
        fields = list(RULE_FIELDS)
        error_messages = {
            name: {
                "invalid": "请输入数字。",
                "max_digits": "分值最多三位整数、一位小数。",
                "max_decimal_places": "分值最多保留一位小数。",
                "min_value": "分值不能为负数。",
                "max_value": "分值不能超过 1000。",
                "required": "请填写该项。",
            }
            for name in RULE_FIELDS
        }
