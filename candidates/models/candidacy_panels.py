"""The candidacy's admin form: the party's five tabs of the questionnaire and the IEC's own.

Kept apart from the model so that the model file holds the data and its rules; the review panels
are placeholders that the moderation app fills in when the form is built (models import no
moderation code).
"""

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import PanelPlaceholder

REVIEW_PERMISSION = "candidates.review_candidacy"


def review_panel(name, **kwargs):
    """The moderation app's observation and checklist panels, imported when the form is built."""
    return PanelPlaceholder(f"moderation.panels.{name}", [], kwargs)


GENERAL_PANELS = [
    FieldPanel("title", heading="Nombre completo"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("office"), FieldPanel("formula_role")]),
            FieldRowPanel(
                [
                    FieldPanel("district"),
                    FieldPanel("municipality"),
                    FieldPanel("list_position"),
                ]
            ),
            FieldRowPanel(
                [FieldPanel("party"), FieldPanel("coalition"), FieldPanel("independent")]
            ),
            FieldPanel("substitute"),
            FieldRowPanel(
                [FieldPanel("sex"), FieldPanel("birth_date"), FieldPanel("registered_age")]
            ),
            FieldRowPanel([FieldPanel("alias"), FieldPanel("affirmative_action")]),
            FieldPanel("external_id"),
        ],
        heading="Datos del registro",
    ),
    FieldPanel("photo"),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("campaign_street"), FieldPanel("campaign_number")]),
            FieldRowPanel(
                [
                    FieldPanel("campaign_neighborhood"),
                    FieldPanel("campaign_postal_code"),
                    FieldPanel("campaign_town"),
                ]
            ),
        ],
        heading="Domicilio de casa de campaña",
    ),
    FieldRowPanel([FieldPanel("public_email"), FieldPanel("public_phone")]),
    MultiFieldPanel(
        [
            FieldPanel("website"),
            FieldRowPanel([FieldPanel("facebook_url"), FieldPanel("x_url")]),
            FieldRowPanel([FieldPanel("instagram_url"), FieldPanel("youtube_url")]),
            FieldRowPanel([FieldPanel("tiktok_url"), FieldPanel("other_social_url")]),
        ],
        heading="Página web y redes sociales",
    ),
]
ASPIRATION_PANELS = [
    FieldPanel("motivation"),
    FieldPanel("video_url"),
    FieldPanel("three_of_three"),
    MultiFieldPanel(
        [
            FieldPanel("commitment_against_corruption"),
            FieldPanel("commitment_against_discrimination"),
        ],
        heading="Compromisos",
    ),
]
PROPOSAL_PANELS = [FieldPanel("proposals"), FieldPanel("gender_proposal")]
TRAJECTORY_PANELS = [FieldPanel("political_trajectory")]
PROFESSIONAL_PANELS = [
    FieldPanel("professional_history"),
    FieldRowPanel([FieldPanel("education_level"), FieldPanel("education_status")]),
    FieldPanel("studies"),
    FieldPanel("courses"),
]

EDIT_HANDLER = TabbedInterface(
    [
        ObjectList(
            [
                review_panel("ObservationsPanel"),
                review_panel("ChecklistPanel"),
                review_panel("ObservationsPanel", section="datos-generales"),
                *GENERAL_PANELS,
            ],
            heading="Datos generales",
        ),
        ObjectList(
            [review_panel("ObservationsPanel", section="aspiracion"), *ASPIRATION_PANELS],
            heading="Aspiración al cargo",
        ),
        ObjectList(
            [review_panel("ObservationsPanel", section="propuestas"), *PROPOSAL_PANELS],
            heading="Propuestas políticas",
        ),
        ObjectList(
            [review_panel("ObservationsPanel", section="trayectoria"), *TRAJECTORY_PANELS],
            heading="Trayectoria política",
        ),
        ObjectList(
            [
                review_panel("ObservationsPanel", section="historia-profesional"),
                *PROFESSIONAL_PANELS,
            ],
            heading="Historia profesional o laboral",
        ),
        # Slug and SEO are the IEC's: parties never see them (the slug is made from the
        # name, candidates.slugs) and a party's POST cannot set them (field permissions).
        ObjectList(
            [
                FieldPanel("slug", permission=REVIEW_PERMISSION),
                FieldPanel("seo_title", permission=REVIEW_PERMISSION),
                FieldPanel("search_description", permission=REVIEW_PERMISSION),
            ],
            heading="Publicación",
            permission=REVIEW_PERMISSION,
        ),
    ]
)
