"""The search document of each published candidacy: its public text, precomputed for search.

A row exists only while its candidacy is live (search.documents keeps it on publication and
withdrawal), so the search reads published text only, never a draft. On PostgreSQL the
migration adds what Django does not model: a weighted, unaccented `document` tsvector and a
`name_vector` for autocomplete, both generated columns with GIN indexes, and a trigram index
on `name_key`.
"""

from django.db import models


class SearchDocument(models.Model):
    candidacy = models.OneToOneField(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    name = models.CharField(max_length=255)
    # Accents folded, lower case, Spanish spelling variants collapsed (search.text.sound_key):
    # "Briseño" and "brisenio", "Jáquez" and "jakez" share a key.
    name_key = models.CharField(max_length=255)
    # Party, coalition or independent, office, district, municipality: weight B.
    related = models.TextField(blank=True)
    # Proposals (and the gender proposal): weight C. Motivation and trajectories: weight D.
    proposals = models.TextField(blank=True)
    other = models.TextField(blank=True)
    # Everything folded (search.text.fold), for the LIKE search of databases without full text.
    folded = models.TextField(blank=True)

    class Meta:
        verbose_name = "documento de búsqueda"
        verbose_name_plural = "documentos de búsqueda"

    def __str__(self):
        return self.name
