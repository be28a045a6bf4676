"""Create /aviso-de-privacidad/ with the institute's first notice version (editable afterwards)."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

SIMPLIFIED = (
    "<p>El Instituto Electoral de Coahuila (IEC), con domicilio en Saltillo, Coahuila, es "
    "responsable del tratamiento de los datos personales que se recaban en el sistema "
    "«Candidatas y Candidatos, Conóceles».</p>"
    "<p><b>Finalidades.</b> Los datos curriculares se publican para que la ciudadanía conozca a "
    "las candidaturas. Las respuestas al cuestionario de identidad son datos personales "
    "sensibles: se tratan solo con su consentimiento expreso y por escrito, y usted decide por "
    "separado si (a) autoriza su tratamiento, (b) autoriza que se publiquen los grupos con los "
    "que se identifica y (c) autoriza su uso en estadísticas, que se publican sin identificar a "
    "nadie. Responder es voluntario y toda pregunta admite «Prefiero no contestar». Los ingresos "
    "nunca se publican de forma individual.</p>"
    "<p><b>Transferencias.</b> No se transfieren datos personales, salvo las requeridas por una "
    "autoridad competente en términos de ley.</p>"
    "<p>Puede revocar su consentimiento o ejercer sus derechos de acceso, rectificación, "
    "cancelación y oposición (ARCO) ante la Unidad de Transparencia del IEC. Consulte el aviso "
    "integral en esta misma página.</p>"
)

INTEGRAL = (
    "<h2>Responsable</h2>"
    "<p>Instituto Electoral de Coahuila (IEC), Saltillo, Coahuila de Zaragoza.</p>"
    "<h2>Datos personales que se tratan</h2>"
    "<ul><li>Datos de registro de la candidatura: nombre, sexo, edad (la fecha de nacimiento no "
    "se publica), cargo, distrito y partido, coalición o candidatura independiente.</li>"
    "<li>Datos curriculares proporcionados por la candidatura: fotografía, datos de contacto "
    "públicos, formación, trayectoria, propuestas.</li>"
    "<li>Datos personales sensibles del cuestionario de identidad: autoadscripción indígena, "
    "lengua, pueblo o comunidad; discapacidad; afromexicana; población LGBTTTIQ+; migrante; "
    "población joven o persona mayor; grupo y fuente de ingresos; entidad de nacimiento.</li>"
    "</ul>"
    "<h2>Finalidades</h2>"
    "<p>Publicar la información curricular para el voto informado; con el consentimiento "
    "expreso de cada persona, publicar los grupos en situación de discriminación con los que se "
    "identifica y elaborar estadísticas agregadas. Las cifras menores al umbral que fija el "
    "Instituto se suprimen para que nadie pueda ser identificado.</p>"
    "<h2>Fundamento</h2>"
    "<p>Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados, "
    "legislación local en la materia, y los Lineamientos para el uso del sistema Conóceles "
    "(Anexo 24.2 del Reglamento de Elecciones del INE).</p>"
    "<h2>Conservación, bloqueo y cancelación</h2>"
    "<p>Concluido el proceso electoral, los datos de identidad se bloquean en la fecha que fije "
    "el Instituto: dejan de publicarse y solo se conservan para atender responsabilidades. "
    "Transcurrido el plazo legal se cancelan (se borran), incluido el formato de consentimiento "
    "firmado; solo se conservan estadísticas agregadas.</p>"
    "<h2>Derechos ARCO y revocación del consentimiento</h2>"
    "<p>Puede solicitar el acceso, rectificación, cancelación u oposición, o revocar cualquiera "
    "de sus consentimientos, ante la Unidad de Transparencia del IEC o a través de la Plataforma "
    "Nacional de Transparencia. La revocación surte efectos de inmediato en todo el sitio.</p>"
    "<h2>Cambios al aviso</h2>"
    "<p>Cualquier cambio se publica en esta página con una nueva versión; cada aceptación y cada "
    "consentimiento registran la versión vigente en ese momento.</p>"
)


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0
    if last:
        number = int(last[-STEPLEN:], 36)
    number += 1
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return parent.path + digits.rjust(STEPLEN, "0")


def create_notice(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    PrivacyNoticePage = apps.get_model("identity.PrivacyNoticePage")
    PrivacyNoticeVersion = apps.get_model("identity.PrivacyNoticeVersion")

    home = HomePage.objects.filter(depth=2).order_by("path").first()
    if home is None or PrivacyNoticePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="identity", model="privacynoticepage"
    )
    now = timezone.now()
    page = PrivacyNoticePage.objects.create(
        title="Aviso de privacidad",
        draft_title="Aviso de privacidad",
        slug="aviso-de-privacidad",
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}aviso-de-privacidad/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        version="2023-01",
        simplified=SIMPLIFIED,
        integral=INTEGRAL,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    PrivacyNoticeVersion.objects.create(
        page_id=page.pk,
        label=page.version,
        simplified=SIMPLIFIED,
        integral=INTEGRAL,
        published_at=now,
    )


def remove_notice(apps, schema_editor):
    PrivacyNoticePage = apps.get_model("identity.PrivacyNoticePage")
    Page = apps.get_model("wagtailcore.Page")
    for page in PrivacyNoticePage.objects.all():
        parent_path = page.path[:-STEPLEN]
        page.delete()
        parent = Page.objects.filter(path=parent_path).first()
        if parent:
            Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_initial"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_notice, remove_notice)]
