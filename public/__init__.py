"""The public projection of a candidacy: what citizens and re-users may see, defined once.

`projection` (every public field: label, INE column, API name, how to read it), `badges` and
`consent` (the consent rules for identity data), `schema_org` (the profile's JSON-LD). Every
public surface (profile, API, open-data files, search, statistics) reads from here.
"""
