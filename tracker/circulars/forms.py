from django import forms
from django.utils.translation import gettext_lazy as _


class GenerateForm(forms.Form):
    period = forms.CharField(
        label=_("通报期间"),
        max_length=20,
        help_text=_("月度写 2026-11，季度写 2026Q3。"),
    )


class EditForm(forms.Form):
    praise = forms.CharField(
        label=_("表扬"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    criticism = forms.CharField(
        label=_("批评"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
