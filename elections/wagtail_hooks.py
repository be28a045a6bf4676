"""The "Catálogos" menu: administrators edit the reference data of every process here.

wagtail-modeladmin's default permission helper shows each catalog only to users holding one of
the model's add/change/delete permissions and checks the matching permission on every view, so
granting `elections.*` permissions to "Administradores IEC" (roles) is all it takes.
"""

from django.contrib.admin import SimpleListFilter

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from .models import (
    Coalition,
    District,
    ElectoralProcess,
    IndependentCandidacy,
    Municipality,
    Office,
    Party,
    Section,
    SigladoEntry,
)


def related_filter(field_name, title, model):
    """A list filter for a foreign key.

    Django's own related filters look up a `django.contrib.admin` site, which this project does not
    install; a SimpleListFilter needs only the related model.
    """

    class RelatedFilter(SimpleListFilter):
        parameter_name = field_name

        def lookups(self, request, model_admin):
            return [(obj.pk, str(obj)) for obj in model.objects.all()]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{field_name}_id": self.value()})
            return queryset

    RelatedFilter.title = title
    return RelatedFilter


def process_filter():
    return related_filter("process", "proceso", ElectoralProcess)


class BuildsProcessTree:
    """After saving a process or one of its capturing actors, complete the process's page tree.

    A process created here must be as usable as one loaded by `load_catalogs`: its public page,
    one capture page per party and independent candidacy, and (through the page signals of
    moderation) the capturist groups and the review workflow.
    """

    def form_valid(self, form):
        # Imported here: the candidates app depends on elections, not the other way round.
        from candidates.tree import ensure_process_tree

        response = super().form_valid(form)
        process = self.instance if isinstance(self.instance, ElectoralProcess) else None
        ensure_process_tree(process or self.instance.process)
        return response


class TreeCreateView(BuildsProcessTree, CreateView):
    pass


class TreeEditView(BuildsProcessTree, EditView):
    pass


class ElectoralProcessAdmin(ModelAdmin):
    model = ElectoralProcess
    menu_label = "Procesos electorales"
    menu_icon = "date"
    list_display = ("name", "election_day", "capture_opens_at", "capture_closes_at")
    search_fields = ("name", "slug", "state_name")
    inspect_view_enabled = True
    create_view_class = TreeCreateView
    edit_view_class = TreeEditView


class OfficeAdmin(ModelAdmin):
    model = Office
    menu_label = "Cargos"
    menu_icon = "pick"
    list_display = ("name", "principle", "scope", "minimum_age", "seats", "process")
    list_filter = (process_filter(), "principle", "scope")
    search_fields = ("name", "short_name", "ine_label")
    list_select_related = ("process",)


class DistrictAdmin(ModelAdmin):
    model = District
    menu_label = "Distritos"
    menu_icon = "site"
    list_display = ("number", "head_town", "process")
    list_filter = (process_filter(),)
    search_fields = ("head_town",)
    list_select_related = ("process",)


class MunicipalityAdmin(ModelAdmin):
    model = Municipality
    menu_label = "Municipios"
    menu_icon = "home"
    list_display = ("name", "inegi_code")
    search_fields = ("name", "inegi_code")


class SectionAdmin(ModelAdmin):
    model = Section
    menu_label = "Secciones electorales"
    menu_icon = "table"
    list_display = ("number", "district", "municipality", "process")
    list_filter = (process_filter(),)
    search_fields = ("number",)
    list_select_related = ("process", "district", "municipality")
    list_per_page = 50
    panels = [
        FieldPanel("process"),
        FieldPanel("number"),
        FieldRowPanel([FieldPanel("district"), FieldPanel("municipality")]),
    ]


class PartyAdmin(ModelAdmin):
    model = Party
    menu_label = "Partidos políticos"
    menu_icon = "group"
    list_display = ("acronym", "name", "color", "is_local", "process")
    list_filter = (process_filter(), "is_local")
    search_fields = ("name", "acronym")
    list_select_related = ("process",)
    create_view_class = TreeCreateView
    edit_view_class = TreeEditView


class CoalitionAdmin(ModelAdmin):
    model = Coalition
    menu_label = "Coaliciones"
    menu_icon = "link"
    list_display = ("name", "kind", "process", "member_acronyms")
    list_filter = (process_filter(), "kind")
    search_fields = ("name",)
    list_select_related = ("process",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @staticmethod
    def member_acronyms(obj):
        return ", ".join(party.acronym for party in obj.members.all())

    member_acronyms.short_description = "partidos"


class SigladoEntryAdmin(ModelAdmin):
    """The siglado: which member party captures each coalition candidacy."""

    model = SigladoEntry
    menu_label = "Siglado de coaliciones"
    menu_icon = "list-ul"
    list_display = ("coalition", "office", "district", "party")
    list_filter = (
        related_filter("coalition", "coalición", Coalition),
        related_filter("office", "cargo", Office),
        related_filter("party", "partido", Party),
    )
    search_fields = ("coalition__name", "party__acronym", "district__head_town")
    list_select_related = ("coalition", "office", "district", "party")
    panels = [
        FieldPanel("coalition"),
        FieldRowPanel([FieldPanel("office"), FieldPanel("district")]),
        FieldPanel("party"),
    ]


class IndependentCandidacyAdmin(ModelAdmin):
    model = IndependentCandidacy
    menu_label = "Candidaturas independientes"
    menu_icon = "user"
    list_display = ("name", "office", "district", "process")
    list_filter = (process_filter(), related_filter("office", "cargo", Office))
    search_fields = ("name",)
    list_select_related = ("process", "office", "district")
    create_view_class = TreeCreateView
    edit_view_class = TreeEditView


class CatalogsGroup(ModelAdminGroup):
    menu_label = "Catálogos"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        ElectoralProcessAdmin,
        OfficeAdmin,
        DistrictAdmin,
        MunicipalityAdmin,
        SectionAdmin,
        PartyAdmin,
        CoalitionAdmin,
        SigladoEntryAdmin,
        IndependentCandidacyAdmin,
    )


modeladmin_register(CatalogsGroup)
