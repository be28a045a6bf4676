"""The administrator's form for a new capture account."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

LINK = "enlace"
INITIAL_PASSWORD = "contrasena"  # noqa: S105 - a choice value, not a secret


def actors_of(process):
    """(key, actor) of the parties and independent candidacies that capture in `process`."""
    from candidates.tree import capturing_parties
    from elections.models import IndependentCandidacy

    actors = [(f"partido-{party.pk}", party) for party in capturing_parties(process)]
    actors += [
        (f"independiente-{independent.pk}", independent)
        for independent in IndependentCandidacy.objects.filter(process=process).order_by("name")
    ]
    return actors


def actor_label(actor):
    from elections.models import Party

    if isinstance(actor, Party):
        return f"{actor.acronym} — {actor.name}"
    return f"Candidatura independiente: {actor.name}"


class CapturistForm(forms.Form):
    actor = forms.ChoiceField(
        label="Partido o candidatura independiente",
        error_messages={
            "required": "Elija el partido o la candidatura independiente.",
            "invalid_choice": "Elija un partido o una candidatura independiente de la lista.",
        },
    )
    username = forms.CharField(
        label="Usuario",
        max_length=150,
        validators=[
            UnicodeUsernameValidator(
                message="El usuario solo puede tener letras, números y los signos @ . + - _."
            )
        ],
        help_text="Letras, números y los signos @ . + - _ (sin espacios).",
    )
    email = forms.EmailField(
        label="Correo electrónico",
        error_messages={"invalid": "Escriba un correo electrónico válido."},
    )
    first_name = forms.CharField(label="Nombre", max_length=150, required=False)
    last_name = forms.CharField(label="Apellidos", max_length=150, required=False)
    mode = forms.ChoiceField(
        label="Contraseña",
        choices=[
            (LINK, "Enviar por correo un enlace para que la persona defina su contraseña"),
            (INITIAL_PASSWORD, "Definir ahora una contraseña inicial"),
        ],
        initial=LINK,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label="Contraseña inicial", required=False, widget=forms.PasswordInput, strip=False
    )
    password2 = forms.CharField(
        label="Repita la contraseña", required=False, widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.actors = dict(actors_of(process))
        self.fields["actor"].choices = [("", "Elija…")] + [
            (key, actor_label(actor)) for key, actor in self.actors.items()
        ]

    def clean_actor(self):
        return self.actors[self.cleaned_data["actor"]]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(f"Ya existe la cuenta «{username}».")
        return username

    def clean(self):
        data = super().clean()
        if data.get("mode") != INITIAL_PASSWORD:
            return data
        first, second = data.get("password1"), data.get("password2")
        if not first:
            self.add_error("password1", "Escriba la contraseña inicial.")
        elif first != second:
            self.add_error("password2", "Las dos contraseñas no coinciden.")
        else:
            candidate = get_user_model()(
                username=data.get("username", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
