"""Admin forms for a person's notice acceptance, consents, signed form and questionnaire."""

from django import forms

from .questions import ITEMS, ITEMS_BY_FIELD, NO_ANSWER, applies
from .services import max_form_bytes, sniff_consent_form

YES_NO_CHOICES = [("si", "Sí"), ("no", "No")]
NO_ANSWER_LABEL = "Sin respuesta"


class NoticeAcceptanceForm(forms.Form):
    accepted = forms.BooleanField(
        label=(
            "La persona leyó el aviso de privacidad simplificado vigente y lo aceptó "
            "(consta en el formato firmado)."
        ),
        required=True,
    )


class ConsentForm(forms.Form):
    processing = forms.TypedChoiceField(
        label="(a) ¿Consiente el tratamiento de sus datos de identidad?",
        choices=YES_NO_CHOICES,
        coerce=lambda value: value == "si",
        widget=forms.RadioSelect,
    )
    publication = forms.TypedChoiceField(
        label="(b) ¿Consiente la publicación de sus respuestas de identidad (distintivos)?",
        choices=YES_NO_CHOICES,
        coerce=lambda value: value == "si",
        widget=forms.RadioSelect,
    )
    statistics = forms.TypedChoiceField(
        label="(c) ¿Consiente el uso de sus respuestas en estadísticas?",
        choices=YES_NO_CHOICES,
        coerce=lambda value: value == "si",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Nota (opcional)",
        required=False,
        max_length=200,
        help_text="Por ejemplo: «Revocación por escrito del 3 de mayo».",
    )

    def clean(self):
        data = super().clean()
        if data.get("processing") is False and (data.get("publication") or data.get("statistics")):
            raise forms.ValidationError(
                "Sin consentimiento para el tratamiento no puede haber publicación ni uso "
                "estadístico."
            )
        return data

    @classmethod
    def initial_for(cls, record):
        if record is None:
            return {}
        return {kind: "si" if getattr(record, kind) else "no" for kind in cls.base_fields}


class ConsentFileForm(forms.Form):
    form_file = forms.FileField(
        label="Formato de consentimiento firmado",
        help_text="PDF, JPEG o PNG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_form_bytes() / 1_048_576
        self.fields["form_file"].help_text = f"PDF, JPEG o PNG, de hasta {limit:.0f} MB."

    def clean_form_file(self):
        uploaded = self.cleaned_data["form_file"]
        self.content_type = sniff_consent_form(uploaded)
        return uploaded


class QuestionnaireForm(forms.Form):
    """Twenty items; every one offers "Prefiero no contestar" and may stay unanswered."""

    def __init__(self, *args, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            choices = [(NO_ANSWER, NO_ANSWER_LABEL)] + [(o, o) for o in item.options]
            widget = forms.RadioSelect if len(item.options) <= 4 else forms.Select
            self.fields[item.field] = forms.ChoiceField(
                label=f"{item.number}. {item.label}",
                choices=choices,
                required=False,
                widget=widget,
                help_text=self._help(item),
                disabled=disabled,
            )
            self.fields[item.field].item = item

    @staticmethod
    def _help(item):
        parts = []
        if item.depends_on:
            parent = ITEMS_BY_FIELD[item.depends_on]
            parts.append(f"Solo si respondió «Sí» a la pregunta {parent.number}.")
        if item.help_text:
            parts.append(item.help_text)
        return " ".join(parts)

    def clean(self):
        data = super().clean()
        for item in ITEMS:
            if not applies(item, data):
                data[item.field] = NO_ANSWER
        return data

    def item_fields(self):
        """(item, bound field) pairs, for the template's conditional markup."""
        return [(self.fields[item.field].item, self[item.field]) for item in ITEMS]
