from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Código",
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        help_text="Los 6 dígitos de su aplicación de autenticación, o un código de recuperación.",
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())
