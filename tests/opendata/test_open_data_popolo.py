"""JSON files' structure: the dictionary's keys, Popolo's shape, no private field, stable ids."""

import json

import pytest

from opendata.publication import write_open_data

from .factories_helpers import portrait, published

pytestmark = pytest.mark.usefixtures("forget_renditions")


PERSON_KEYS = {"id", "name", "gender", "image", "contact_details", "links", "sources"}


@pytest.mark.django_db
def test_json_records_hold_the_dictionary_keys_only(native, tmp_path):
    from public.projection import KEYS

    write_open_data(tmp_path)
    data = json.loads((tmp_path / "candidaturas.json").read_text())
    assert [c["key"] for c in data["campos"]] == KEYS
    assert all(list(record) == KEYS for record in data["candidaturas"])


@pytest.mark.django_db
def test_popolo_structure(native, tmp_path):
    native["owner"].photo = portrait("foto-paula")
    native["owner"].save_revision().publish()
    write_open_data(tmp_path)
    popolo = json.loads((tmp_path / "popolo.json").read_text())
    assert set(popolo) == {"persons", "organizations", "memberships", "posts"}
    persons = {p["id"]: p for p in popolo["persons"]}
    organizations = {o["id"]: o for o in popolo["organizations"]}
    posts = {p["id"]: p for p in popolo["posts"]}
    assert len(persons) == len(popolo["persons"]) == 5
    for person in persons.values():
        assert set(person) <= PERSON_KEYS, set(person) - PERSON_KEYS
        assert person["name"] and person["gender"] in {"Mujer", "Hombre", "No binario"}
    assert persons[f"persona-{native['owner'].pk}"]["image"].startswith("http://testserver/")
    for organization in organizations.values():
        assert organization["name"] and organization["classification"]
    for post in posts.values():
        assert post["label"] and post["role"]
        assert post["organization_id"] in organizations
        assert organizations[post["organization_id"]]["classification"] in {
            "executive", "legislature", "municipality",
        }  # fmt: skip
    assert len(popolo["memberships"]) == 5
    for membership in popolo["memberships"]:
        assert membership["person_id"] in persons
        assert membership["post_id"] in posts
        assert membership["organization_id"] == posts[membership["post_id"]]["organization_id"]
        assert membership["on_behalf_of_id"] in organizations
        force = organizations[membership["on_behalf_of_id"]]
        assert force["classification"] in {"party", "coalition", "independent"}
        assert membership["role"]
    by_person = {m["person_id"]: m for m in popolo["memberships"]}
    owner = by_person[f"persona-{native['owner'].pk}"]
    suplente = by_person[f"persona-{native['suplente'].pk}"]
    assert owner["post_id"] == suplente["post_id"]  # one seat, the whole fórmula
    assert (owner["role"], suplente["role"]) == ("Propietaria", "Suplente")


@pytest.mark.django_db
def test_popolo_has_no_private_fields(native, tmp_path):
    write_open_data(tmp_path)
    text = (tmp_path / "popolo.json").read_text()
    for candidacy in native.values():
        assert candidacy.birth_date.isoformat() not in text
        assert candidacy.birth_date.strftime("%d/%m/%Y") not in text
    for word in ("birth", "nacimiento", "Coahuila de Zaragoza", "ingreso", "consent", "identity"):
        assert word not in text, word
    popolo = json.loads(text)
    for person in popolo["persons"]:
        assert {d["type"] for d in person["contact_details"]} <= {"email", "voice"}


@pytest.mark.django_db
def test_popolo_ids_are_stable_between_regenerations(native, tree, offices, tmp_path):
    def ids():
        write_open_data(tmp_path)
        popolo = json.loads((tmp_path / "popolo.json").read_text())
        return {
            "persons": {p["id"]: p["name"] for p in popolo["persons"]},
            "organizations": {o["id"] for o in popolo["organizations"]},
            "posts": {p["id"] for p in popolo["posts"]},
            "memberships": {(m["person_id"], m["post_id"]) for m in popolo["memberships"]},
        }

    first = ids()
    assert ids() == first
    # A catalog correction (a party's or an office's name) must not renumber anything.
    party = native["owner"].party
    party.name = "Partido Con Nombre Corregido"
    party.save()
    office = native["owner"].office
    office.name = "Diputación local de mayoría (corregida)"
    office.save()
    # A new candidacy adds its ids and leaves everybody else's alone.
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], title="Nueva Persona Siete")
    after = ids()
    for kind in ("organizations", "posts", "memberships"):
        assert first[kind] <= after[kind], kind
    assert {k: after["persons"][k] for k in first["persons"]} == first["persons"]
