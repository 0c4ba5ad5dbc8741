"""Adding and renaming a theme: GOV.UK copy, one clear message for a name already taken."""

from django import forms

from cscp.core.forms import GDSForm

from ..models import Theme


class ThemeForm(GDSForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="A few words, for example Parental substance misuse",
        error_messages={
            "required": "Enter a name for the theme",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the theme covers, so members tag referrals the same way",
        error_messages={"max_length": "Description must be 300 characters or fewer"},
    )

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        self.theme = theme
        self.submit_label = "Save theme" if theme else "Add theme"
        if theme and "initial" not in kwargs:
            kwargs["initial"] = {"name": theme.name, "description": theme.description}
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the theme")
        # Case-insensitive: "Neglect" and "neglect" would be the same theme to a reader.
        taken = Theme.objects.filter(name__iexact=name).exclude(pk=getattr(self.theme, "pk", None)).first()
        if taken:
            retired = " (retired: reinstate it from the list instead)" if not taken.is_active else ""
            raise forms.ValidationError(
                f"There is already a theme called {taken.name}{retired}. Enter a different name"
            )
        return name
