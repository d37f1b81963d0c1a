from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm


class BriefingForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20000,
        help_text=_(
            "Figures are written as {key} and filled in with their numbers; a blank line starts a "
            "new paragraph. When the briefing is issued its numbers are frozen."
        ),
    )
