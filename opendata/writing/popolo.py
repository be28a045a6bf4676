"""Popolo JSON (persons, organizations, memberships, posts) for civic-tech re-users.

How a candidacy maps to Popolo (https://www.popoloproject.com/specs/):
- person: the candidate (`persona-<page id>`), with name, gender, image (the profile's public
  rendition), public campaign contacts, links and the profile as source. Nothing else: never the
  birth date nor any identity answer.
- post: the seat contested, held in a body (`organization_id`): the governorship in the state's
  executive, a district or RP seat in the state congress, a municipal office in its ayuntamiento.
  Propietaria and suplente of a fórmula compete for the same post.
- membership: person ↔ post, `organization_id` the body holding the post, `on_behalf_of_id` the
  party, coalition or independent candidacy that postulates, `role` Propietaria, Propietario or
  Suplente.
- organizations: the bodies and the postulating forces.

Ids come from catalog keys (page ids and slugs), never from names, so a corrected name keeps
every id and ids do not change between regenerations.

Written item by item like the other files. Organizations and posts are few (catalogs), so they are
collected while persons stream, then written at the end.
"""

import json

from django.utils.text import slugify

from elections.models import OfficeScope


def person_id(candidacy):
    return f"persona-{candidacy.pk}"


def _force(candidacy):
    """(id, organization) of who postulates: coalition, independent candidacy or party."""
    process = candidacy.office.process
    if candidacy.coalition_id:
        coalition = candidacy.coalition
        return f"coalicion-{process.slug}-{coalition.slug}", {
            "name": coalition.name,
            "classification": "coalition",
        }
    if candidacy.independent_id:
        independent = candidacy.independent
        return f"independiente-{process.slug}-{independent.slug}", {
            "name": independent.name,
            "classification": "independent",
        }
    if candidacy.party_id:
        party = candidacy.party
        return f"partido-{party.slug}", {
            "name": party.name,
            "classification": "party",
            "other_names": [{"name": party.acronym, "note": "siglas"}],
        }
    return None, None


def _body(candidacy):
    """(id, organization) of the body in which the contested post is held."""
    process = candidacy.office.process
    state = process.state_name
    state_key = slugify(state)
    scope = candidacy.office.scope
    if scope == OfficeScope.MUNICIPALITY and candidacy.municipality_id:
        municipality = candidacy.municipality
        return f"ayuntamiento-{municipality.inegi_code}", {
            "name": f"Ayuntamiento de {municipality.name}",
            "classification": "municipality",
            "area": {"name": municipality.name},
        }
    if scope == OfficeScope.STATE:
        return f"ejecutivo-{state_key}", {
            "name": f"Poder Ejecutivo del Estado de {state}",
            "classification": "executive",
            "area": {"name": state},
        }
    return f"congreso-{state_key}", {
        "name": f"Congreso del Estado de {state}",
        "classification": "legislature",
        "area": {"name": state},
    }


def _post(candidacy, record, body_id):
    office = candidacy.office
    process = office.process
    if candidacy.district_id:
        key, place = f"distrito-{candidacy.district.number}", record["distrito"]
    elif candidacy.municipality_id:
        municipality = candidacy.municipality
        key = f"municipio-{municipality.inegi_code}"
        place = record["municipio"]
    else:
        key, place = "", process.state_name
    post_id = "-".join(p for p in ("cargo", process.slug, office.slug, key) if p)
    return post_id, {
        "label": f"{office.name} — {place}",
        "role": office.name,
        "organization_id": body_id,
        "area": {"name": place},
    }


def _person(record, candidacy):
    person = {
        "id": person_id(candidacy),
        "name": record["nombre"],
        "gender": record["sexo"],
        "contact_details": [
            {"type": kind, "value": record[key]}
            for kind, key in (("email", "correo"), ("voice", "telefono"))
            if record[key]
        ],
        "links": [{"url": u} for u in record["redes"].split(", ") if u]
        + ([{"url": record["pagina_web"], "note": "web"}] if record["pagina_web"] else []),
        "sources": [{"url": record["url"]}] if record["url"] else [],
    }
    if record["foto_url"]:
        person["image"] = record["foto_url"]
    return person


def write_popolo(path, records):
    """`records` come from `export.public_records` (each carries its candidacy)."""
    organizations = {}
    posts = {}
    memberships = []
    rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"persons": [')
        for record in records:
            candidacy = record.candidacy
            if rows:
                handle.write(",")
            handle.write("\n" + json.dumps(_person(record, candidacy), ensure_ascii=False))
            body_id, body = _body(candidacy)
            organizations.setdefault(body_id, {"id": body_id, **body})
            post_id, post = _post(candidacy, record, body_id)
            posts.setdefault(post_id, {"id": post_id, **post})
            membership = {
                "person_id": person_id(candidacy),
                "organization_id": body_id,
                "post_id": post_id,
                "role": record["tipo"],
                "label": f"Candidatura: {record['cargo']}",
            }
            force_id, force = _force(candidacy)
            if force_id:
                organizations.setdefault(force_id, {"id": force_id, **force})
                membership["on_behalf_of_id"] = force_id
            memberships.append(membership)
            rows += 1
        handle.write('\n], "organizations": ')
        json.dump(list(organizations.values()), handle, ensure_ascii=False)
        handle.write(', "posts": ')
        json.dump(list(posts.values()), handle, ensure_ascii=False)
        handle.write(', "memberships": ')
        json.dump(memberships, handle, ensure_ascii=False)
        handle.write("}\n")
    return rows
