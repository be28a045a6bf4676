"""PublicSelect writes exactly what Django's template-rendered Select writes: attributes,
escaping, groups, the one selected option (the first of a repeated value), ARIA on errors."""

from django import forms

import pytest

from candidates.widgets import PublicSelect

CHOICES = [
    ("", "Todos"),
    ("pan", "PAN · Partido Acción Nacional"),
    ("a&b", 'Coalición "Juntos" <por> Coahuila & más'),
    (7, "Siete"),
    ("Agrupadas", [("g1", "Primera"), ("g2", "Segunda <b>"), ("pan", "Repetida")]),
]


class Both(forms.Form):
    template = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.Select)
    public = forms.ChoiceField(choices=CHOICES, required=False, widget=PublicSelect)


def rendered(data=None, attrs=None):
    form = Both(data, prefix=None)
    form.is_valid()
    html = {}
    for name in ("template", "public"):
        bound = form[name]
        html[name] = str(bound.as_widget(attrs=attrs)).replace(f'"{name}"', '"x"')
        html[name] = html[name].replace(f"id_{name}", "id_x")
    return html


@pytest.mark.parametrize(
    "data",
    [None, {}, {"template": "pan", "public": "pan"}, {"template": "a&b", "public": "a&b"}],
)
@pytest.mark.parametrize(
    "attrs",
    [None, {"class": "wide", "required": True, "disabled": False, "data-x": 'a"b<'}],
)
def test_the_same_markup_as_djangos_template(data, attrs):
    html = rendered(data, attrs)
    assert html["public"] == html["template"]


def test_a_group_choice_is_selected_and_escaped():
    html = rendered({"template": "g2", "public": "g2"})
    assert html["public"] == html["template"]
    assert '<option value="g2" selected>Segunda &lt;b&gt;</option>' in html["public"]
    assert '<optgroup label="Agrupadas">' in html["public"]


def test_an_invalid_choice_carries_the_bound_fields_aria_attributes():
    html = rendered({"template": "nope", "public": "nope"})
    assert html["public"] == html["template"]
    assert 'aria-invalid="true"' in html["public"]
    assert "selected" not in html["public"]


def test_a_repeated_value_selects_only_its_first_option():
    html = rendered({"template": "pan", "public": "pan"})
    assert html["public"] == html["template"]
    assert html["public"].count(" selected") == 1


def test_every_public_filter_select_is_written_in_python():
    from candidates.filters import CandidacyFilter

    widgets = {name: f.extra.get("widget") for name, f in CandidacyFilter.base_filters.items()}
    assert {name for name, widget in widgets.items() if widget is PublicSelect} == {
        "cargo", "partido", "distrito", "municipio", "sexo", "edad", "escolaridad",
        "accion_afirmativa",
    }  # fmt: skip
