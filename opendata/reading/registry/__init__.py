"""Loading the official registration list (CSV) as draft candidacies for the parties to complete.

Columns (a header row, any order, any case, accents and spaces aside): nombre (or nombre plus
apellido_paterno and apellido_materno), sexo, fecha_nacimiento, cargo (slug, name or short name
of the office), distrito (number), lista (position), municipio (INEGI code or name, municipal
offices only), partido (acronym or name) or independiente (slug or name), tipo
(propietaria/propietario/suplente), accion_afirmativa (optional), clave (optional registry key).
Columns the loader does not know are ignored and listed in the report.

Every bad row is reported with the line of the file where it starts and the reason, in Spanish.

Three steps, a module each: `reading` takes the file as institutes produce it (encoding,
delimiter, header) to rows of cells; `values` turns a row's cells into a candidacy's values,
with the conventions of the whole file; `loading` matches the rows to the process's candidacies
and writes what changed, in bulk.
"""

from .loading import RegistryReport, load_registry
from .reading import RegistryFileError, read_registry

__all__ = ["RegistryFileError", "RegistryReport", "load_registry", "read_registry"]
