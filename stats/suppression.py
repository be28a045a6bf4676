"""Small-cell suppression for public figures.

Rule (also applied by identity.statistics): every count below the process's `statistics_min_cell`
(zero included) is shown as "< N". When a table would have exactly one suppressed cell, the next
smallest cell is suppressed as well, so that the hidden cell cannot be recovered by subtracting the
shown cells from the published total (totals are public: the listing shows how many candidacies
there are). Several suppressed cells can only be recovered as a sum, which is itself >= 0 and
no more revealing than "< N" for each.
"""


def suppress_counts(values, min_cell):
    """A list of ints -> the same list with suppressed cells as None."""
    result = [None if value < min_cell else value for value in values]
    suppressed = [i for i, value in enumerate(result) if value is None]
    if len(suppressed) == 1:
        shown = [(values[i], i) for i, value in enumerate(result) if value is not None]
        if shown:
            result[min(shown)[1]] = None
    return result


def display(count, min_cell):
    return f"< {min_cell}" if count is None else str(count)
