"""The FAQ, until now a template, as an information page with the same questions and answers."""

import uuid

from django.db import migrations
from django.utils import timezone

SLUG = "preguntas-frecuentes"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised-path digits
STEP = 4

QUESTIONS = [
    (
        "¿Qué es Conóceles?",
        "<p>Es el sistema del [instituto] para que conozcas a las personas candidatas del "
        "[proceso]: quiénes son, qué proponen, su trayectoria y su formación.</p>",
        True,
    ),
    (
        "¿Quién escribe la información de cada candidatura?",
        "<p>La capturan los partidos políticos y las candidaturas independientes. El Instituto "
        "revisa que esté completa y que respete los lineamientos antes de publicarla, pero el "
        "contenido es responsabilidad de cada candidatura.</p>",
        False,
    ),
    (
        "¿Cómo sé quién aparece en mi boleta?",
        '<p>En <a href="/mi-boleta/">Mi boleta</a> elige tu municipio o escribe la sección '
        "electoral que aparece en tu credencial para votar. Verás la gubernatura, las "
        "diputaciones de tu distrito y las listas de representación proporcional.</p>",
        False,
    ),
    (
        "¿Por qué dice «La candidatura no proporcionó información»?",
        "<p>Porque la candidatura no llenó ese apartado. «No aplica» indica que el dato no "
        "corresponde al cargo, por ejemplo el distrito en la gubernatura.</p>",
        False,
    ),
    (
        "¿Qué significan las etiquetas como «Persona indígena» o «Persona joven»?",
        "<p>Aparecen cuando la candidatura se registró por una acción afirmativa, o cuando la "
        "persona se autoadscribió a ese grupo y dio su consentimiento expreso para publicarlo. "
        "Sin ese consentimiento, ningún dato de identidad se muestra.</p>",
        False,
    ),
    (
        "¿Se publica la fecha de nacimiento o el domicilio particular?",
        "<p>No. Solo se publica la edad y, si la candidatura la proporcionó, la dirección de su "
        "casa de campaña.</p>",
        False,
    ),
    (
        "¿Puedo descargar toda la información?",
        '<p>Sí, en <a href="/datos-abiertos/">Datos abiertos</a> en formatos CSV, XLSX y JSON.</p>',
        False,
    ),
    ("Encontré un error, ¿qué hago?", "<p>[como-corregir]</p>", False),
]


def _child_path(parent, last_child_path):
    if last_child_path is None:
        return parent.path + "0" * (STEP - 1) + "1"
    number = 0
    for digit in last_child_path[-STEP:]:
        number = number * len(ALPHABET) + ALPHABET.index(digit)
    number += 1
    digits = ""
    for _ in range(STEP):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return parent.path + digits


def create_faq(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    InformationPage = apps.get_model("home.InformationPage")
    home = HomePage.objects.order_by("path").first()
    if home is None or Page.objects.filter(path__startswith=home.path, slug=SLUG).exists():
        return
    last = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="informationpage")
    now = timezone.now()
    InformationPage.objects.create(
        title="Preguntas frecuentes",
        draft_title="Preguntas frecuentes",
        slug=SLUG,
        content_type=content_type,
        path=_child_path(home, last),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        show_in_menus=True,
        body=[
            {
                "type": "question",
                "value": {"question": question, "answer": answer, "open": is_open},
                "id": str(uuid.uuid4()),
            }
            for question, answer, is_open in QUESTIONS
        ],
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def remove_faq(apps, schema_editor):
    InformationPage = apps.get_model("home.InformationPage")
    Page = apps.get_model("wagtailcore.Page")
    for page in InformationPage.objects.filter(slug=SLUG, depth=3):
        parent = Page.objects.get(path=page.path[:-STEP])
        page.delete()
        Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_information_page"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_faq, remove_faq)]
