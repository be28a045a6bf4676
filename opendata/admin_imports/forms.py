"""The upload form: what kind of file, for which process, and checks that need no reading."""

from django import forms
from django.template.defaultfilters import filesizeformat

from elections.models import ElectoralProcess

from .models import ImportKind

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
EXTENSIONS = {
    ImportKind.REGISTRY: (".csv", ".txt"),
    ImportKind.INE: (".xlsx", ".xls"),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Tipo de archivo",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Elija el tipo de archivo."},
    )
    process = forms.ModelChoiceField(
        label="Proceso electoral",
        queryset=ElectoralProcess.objects.order_by("-election_day"),
        required=False,
        empty_label="Elija…",
        help_text=(
            "Obligatorio para la lista de registro. Para el archivo del INE, sin proceso se crea "
            "uno a partir de las etiquetas del archivo; con proceso, cada etiqueta se busca en "
            "sus catálogos."
        ),
        error_messages={"invalid_choice": "Elija un proceso electoral de la lista."},
    )
    file = forms.FileField(
        label="Archivo",
        help_text=f"Hasta {filesizeformat(MAX_UPLOAD_SIZE)}.",
        error_messages={
            "required": "Elija el archivo que quiere importar.",
            "empty": "El archivo está vacío.",
            "invalid": "No se recibió un archivo.",
        },
    )
    atomic = forms.BooleanField(
        label="Todo o nada: si alguna fila tiene errores, no importar ninguna",
        required=False,
    )

    def clean(self):
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if kind == ImportKind.REGISTRY and not data.get("process"):
            self.add_error("process", "Elija el proceso al que se carga la lista de registro.")
        if kind and upload:
            allowed = EXTENSIONS[kind]
            name = upload.name.lower()
            if not name.endswith(allowed):
                self.add_error(
                    "file",
                    f"«{upload.name}» no es un archivo de este tipo: se espera "
                    + " o ".join(allowed)
                    + ".",
                )
            elif upload.size > MAX_UPLOAD_SIZE:
                self.add_error(
                    "file",
                    f"El archivo pesa {filesizeformat(upload.size)}; el máximo es "
                    f"{filesizeformat(MAX_UPLOAD_SIZE)}.",
                )
        return data
