"""Small-cell suppression for public figures.

Two rules, for two kinds of table:

- `suppress_small` (sex, age band, education of published candidacies): every count below the
  process's `statistics_min_cell`, zero included, reads "< N". Nothing else is hidden: each of
  these facts is public on the person's profile and the listing's own filters count it exactly,
  so hiding a large cell "to protect" a small one would protect nothing and would only turn the
  headline figures (how many women run) into a riddle.
- `protect_row` (identity groups, income): the answers are not public one by one, and each
  row's total is (the people with statistical consent), so a hidden cell could be recovered by
  subtraction. After hiding the small cells, the smallest shown cells are hidden too, until at
  least one is and the hidden sum exceeds by N - 1 the least those could hold (N each). Anyone
  can compute that sum, but it then fits each small cell being 0, 1 or 2 at least: nobody can
  tell whether a group is empty, nor how many are in it (a sum of exactly 0 + N would give both
  cells away). A cell hidden only for that reason holds N or more, so it reads "Reservada",
  never "< N", which would be false. This needs a cell of N or more in the row, which only a
  large enough total guarantees: a table of rows of k cells is published only when its total is
  at least k(N - 1) + 1 (`minimum_total`); under that it is withheld whole.

A threshold of 1 or less turns suppression off (counts below 1 are zeros: nothing to protect).
`tests/stats/test_suppression.py` checks the rule on every row of 2, 3 and 4 small cells.

Hidden cells are `Hidden` values: they print as what the public sees, and code can tell them
from counts with `isinstance(value, Hidden)`.
"""

from dataclasses import dataclass

RESERVED_LABEL = "Reservada"


@dataclass(frozen=True)
class Hidden:
    min_cell: int
    complementary: bool = False

    def __str__(self):
        return RESERVED_LABEL if self.complementary else f"< {self.min_cell}"


def is_hidden(value):
    return isinstance(value, Hidden)


def suppress_small(values, min_cell):
    """A list of counts -> the same list with every count below `min_cell` hidden."""
    if min_cell <= 1:
        return list(values)
    return [Hidden(min_cell) if value < min_cell else value for value in values]


def minimum_total(cells, min_cell):
    """The smallest row total that forces one of `cells` counts to reach `min_cell`."""
    return cells * (min_cell - 1) + 1


def protect_row(values, min_cell):
    """Hide small counts, then enough of the smallest others that none can be worked out.

    Returns None when the row's total is under `minimum_total`: it cannot be protected.
    """
    if min_cell <= 1:
        return list(values)
    if sum(values) < minimum_total(len(values), min_cell):
        return None
    result = suppress_small(values, min_cell)
    hidden = [i for i, value in enumerate(result) if is_hidden(value)]
    if not hidden:
        return result
    complementary = 0
    while complementary == 0 or _slack(values, hidden, complementary, min_cell) < min_cell - 1:
        shown = [(values[i], i) for i, value in enumerate(result) if not is_hidden(value)]
        if not shown:
            break
        index = min(shown)[1]
        result[index] = Hidden(min_cell, complementary=True)
        hidden.append(index)
        complementary += 1
    return result


def _slack(values, hidden, complementary, min_cell):
    """How far the hidden cells' sum exceeds the least the complementary ones could hold."""
    return sum(values[i] for i in hidden) - complementary * min_cell


def withheld_row(values, min_cell):
    return [Hidden(min_cell, complementary=True) for _value in values]


def display(value):
    return str(value)
