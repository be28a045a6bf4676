"""Who postulates: parties, coalitions (with their siglado) and independent candidacies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .common import hex_color_validator
from .geography import District, Office
from .process import ElectoralProcess


class EmblemMixin(models.Model):
    """The emblem and color a political force is shown with on the ballot and the public site.

    Parties, coalitions and independent candidacies must look alike wherever they appear (the
    `emblem` template tag falls back to an acronym chip in `color`), so they share one
    declaration; `emblem_panels` is the admin's usual way to edit both.
    """

    emblem = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="emblema",
    )
    color = models.CharField(
        "color", max_length=7, default="#555555", validators=[hex_color_validator]
    )

    emblem_panels = [FieldPanel("emblem"), FieldPanel("color")]

    class Meta:
        abstract = True


class Party(EmblemMixin):
    """A party as registered in one process.

    Its name, emblem, colour and order on the ballot are what that process's institute decided,
    so the same national party in two processes is two rows: loading one state's catalog never
    rewrites another's, and each row has its own capture page and capturists.
    """

    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name="proceso",
    )
    name = models.CharField("nombre", max_length=150)
    acronym = models.CharField("siglas", max_length=20)
    slug = models.SlugField("identificador")
    is_local = models.BooleanField("partido político local", default=False)
    sort_order = models.PositiveSmallIntegerField("orden", default=0)

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym"), FieldPanel("slug")]),
        FieldPanel("emblem"),
        FieldRowPanel([FieldPanel("color"), FieldPanel("is_local"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name = "partido político"
        verbose_name_plural = "partidos políticos"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "acronym"], name="unique_party_acronym_per_process"
            ),
            models.UniqueConstraint(
                fields=["process", "slug"], name="unique_party_slug_per_process"
            ),
            models.UniqueConstraint(
                fields=["process", "name"], name="unique_party_name_per_process"
            ),
        ]

    def __str__(self):
        return self.acronym


class CoalitionKind(models.TextChoices):
    COALITION = "coalicion", "Coalición"
    COMMON = "comun", "Candidatura común"


def foreign_members_error(process, parties):
    """The Spanish error for coalition members registered in another process, or None.

    A party's identity is per process (its own row per process), so a coalition of 2027 that
    lists 2023's PAN would show, and let capture, a party that does not run in 2027.
    """
    foreign = [party for party in parties if party.process_id != getattr(process, "pk", process)]
    if not foreign:
        return None
    names = ", ".join(f"«{party.acronym}» ({party.process})" for party in foreign)
    return (
        f"Los partidos de una coalición deben ser del mismo proceso que la coalición "
        f"({process}); {names} no lo {'es' if len(foreign) == 1 else 'son'}."
    )


class CoalitionForm(WagtailAdminModelForm):
    """The Catálogos form: members, offices and districts must be of the coalition's process.

    Model validation cannot see many-to-many values before they are saved, so the check is
    here (and, for every other path, in the `m2m_changed` guard below).
    """

    def clean(self):
        cleaned = super().clean()
        process = cleaned.get("process")
        if process is None:
            return cleaned
        error = foreign_members_error(process, cleaned.get("members") or [])
        if error:
            self.add_error("members", error)
        for field, label in (("offices", "cargos"), ("districts", "distritos")):
            foreign = [obj for obj in cleaned.get(field) or [] if obj.process_id != process.pk]
            if foreign:
                self.add_error(
                    field,
                    f"Los {label} de una coalición deben ser del proceso {process}: "
                    + ", ".join(f"«{obj}»" for obj in foreign)
                    + (" no lo es." if len(foreign) == 1 else " no lo son."),
                )
        return cleaned


class Coalition(EmblemMixin):
    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="coalitions",
        verbose_name="proceso",
    )
    kind = models.CharField(
        "tipo", max_length=10, choices=CoalitionKind.choices, default=CoalitionKind.COALITION
    )
    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", max_length=200)
    members = models.ManyToManyField(Party, related_name="coalitions", verbose_name="partidos")
    offices = models.ManyToManyField(
        Office, related_name="coalitions", verbose_name="cargos que postula"
    )
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="coalitions",
        verbose_name="distritos",
        help_text="Vacío: todos los distritos de los cargos de mayoría relativa.",
    )

    base_form_class = CoalitionForm
    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("slug")]),
        *EmblemMixin.emblem_panels,
        FieldPanel("members"),
        FieldPanel("offices"),
        FieldPanel("districts"),
    ]

    class Meta:
        verbose_name = "coalición"
        verbose_name_plural = "coaliciones"
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_coalition_slug"),
        ]

    def __str__(self):
        return self.name


@receiver(m2m_changed, sender=Coalition.members.through)
def refuse_members_of_another_process(sender, instance, action, reverse, model, pk_set, **kwargs):
    """The last line behind the form and the catalog loader: no code path (shell, import, a
    future view) may add a party of another process to a coalition."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # party.coalitions.add(coalition): the instance is the party
        coalitions = Coalition.objects.filter(pk__in=pk_set).exclude(process_id=instance.process_id)
        if coalitions.exists():
            raise ValidationError(foreign_members_error(coalitions.first().process, [instance]))
        return
    error = foreign_members_error(instance.process, list(model.objects.filter(pk__in=pk_set)))
    if error:
        raise ValidationError(error)


class SigladoEntry(models.Model):
    """Which member party captures (and answers for) a coalition candidacy, per the siglado."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="siglado", verbose_name="coalición"
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="+", verbose_name="cargo"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="distrito",
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="siglado_entries", verbose_name="partido"
    )

    class Meta:
        verbose_name = "entrada del siglado"
        verbose_name_plural = "siglado"
        ordering = ["coalition", "office", "district__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "office", "district"], name="unique_siglado_entry"
            ),
        ]

    def __str__(self):
        where = f" · {self.district}" if self.district_id else ""
        return f"{self.coalition} · {self.office}{where} → {self.party}"

    def clean(self):
        if (
            self.party_id
            and self.coalition_id
            and not self.coalition.members.filter(pk=self.party_id).exists()
        ):
            raise ValidationError({"party": "El partido no integra esta coalición."})


class IndependentCandidacy(EmblemMixin):
    """An independent candidacy: a capturing actor of its own, with its own account."""

    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="independent_candidacies",
        verbose_name="proceso",
    )
    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", max_length=200)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name="cargo"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="distrito",
    )

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("office"), FieldPanel("district")]),
        *EmblemMixin.emblem_panels,
    ]

    class Meta:
        verbose_name = "candidatura independiente"
        verbose_name_plural = "candidaturas independientes"
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_independent_slug"),
        ]

    def __str__(self):
        return self.name

    @property
    def acronym(self):
        return "IND"
