"""Popolo JSON (persons, organizations, memberships, posts) for civic-tech re-users.

Written item by item like the other files. Organizations and posts are few (catalogs), so they are
collected while persons stream, then written at the end.
"""

import json

from django.utils.text import slugify


def write_popolo(path, records):
    organizations = {}
    posts = {}
    rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"persons": [')
        memberships = []
        for record in records:
            person_id = f"persona-{record['id']}"
            if rows:
                handle.write(",")
            person = {
                "id": person_id,
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
            handle.write("\n" + json.dumps(person, ensure_ascii=False))
            organization = record["postula"] or "Sin partido"
            org_id = f"organizacion-{slugify(record['entidad'])}-{slugify(organization)}"
            organizations.setdefault(
                org_id,
                {"id": org_id, "name": organization, "classification": "party",
                 "area": {"name": record["entidad"]}},
            )  # fmt: skip
            place = record["distrito"] or record["municipio"] or record["entidad"]
            post_id = (
                f"cargo-{slugify(record['entidad'])}-{slugify(record['cargo'])}-{slugify(place)}"
            )
            posts.setdefault(
                post_id,
                {"id": post_id, "label": f"{record['cargo']} — {place}", "role": record["cargo"],
                 "area": {"name": place}},
            )  # fmt: skip
            memberships.append(
                {
                    "person_id": person_id,
                    "organization_id": org_id,
                    "post_id": post_id,
                    "role": record["tipo"],
                    "label": f"Candidatura: {record['cargo']}",
                }
            )
            rows += 1
        handle.write('\n], "organizations": ')
        json.dump(list(organizations.values()), handle, ensure_ascii=False)
        handle.write(', "posts": ')
        json.dump(list(posts.values()), handle, ensure_ascii=False)
        handle.write(', "memberships": ')
        json.dump(memberships, handle, ensure_ascii=False)
        handle.write("}\n")
    return rows
