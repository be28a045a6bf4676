"""Small-cell suppression: what is hidden, what it reads as, and that nothing can be worked out."""

import itertools

import pytest

from stats.suppression import (
    RESERVED_LABEL,
    Hidden,
    is_hidden,
    minimum_total,
    protect_row,
    suppress_small,
)

N = 5
SMALL = Hidden(N)
RESERVED = Hidden(N, complementary=True)


def test_small_counts_read_less_than_the_threshold_zero_included():
    assert suppress_small([3, 10, 0, 12], N) == [SMALL, 10, SMALL, 12]
    assert [str(v) for v in suppress_small([3, 10], N)] == ["< 5", "10"]
    assert suppress_small([5, 10], N) == [5, 10]


def test_public_demographics_never_hide_a_large_cell():
    """A zero beside 56 women used to hide the 56 as "< 5": the headline figure, made false."""
    assert suppress_small([56, 58, 0], N) == [56, 58, SMALL]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 20, 30], [10, 20, 30]),  # nothing small: nothing hidden
        ([10, 7, 2], [10, RESERVED, SMALL]),  # one small cell takes the smallest other with it
        ([0, 56, 58], [SMALL, RESERVED, 58]),
        ([3, 4, 10, 20], [SMALL, SMALL, RESERVED, 20]),  # 3 + 4 = 7 would still pin them down
        ([0, 5, 100], [SMALL, RESERVED, RESERVED]),  # 0 + 5: "exactly 0 and 5" otherwise
    ],
)
def test_protection_hides_enough_to_stop_subtraction(values, expected):
    assert protect_row(values, N) == expected


def test_a_row_too_small_to_protect_is_withheld():
    """Three cells under 5 each could total 12: (4, 4, 4) would be given away by the total."""
    assert minimum_total(3, N) == 13
    assert protect_row([4, 4, 4], N) is None
    assert protect_row([1, 2, 9], N) is None
    assert protect_row([1, 3, 9], N) == [SMALL, SMALL, RESERVED]


def test_a_threshold_of_one_shows_everything():
    assert protect_row([0, 1, 0], 1) == [0, 1, 0]
    assert suppress_small([0, 3], 1) == [0, 3]


def test_complementary_cells_read_reserved_never_less_than_five():
    shown = protect_row([0, 56, 58], N)
    assert [str(v) for v in shown] == ["< 5", RESERVED_LABEL, "58"]


def _consistent_values(shown, total, index):
    """Every value cell `index` can take, knowing what is shown, the labels and the total."""
    hidden = [i for i, v in enumerate(shown) if is_hidden(v)]
    remaining = total - sum(v for v in shown if not is_hidden(v))
    ranges = [
        range(N, remaining + 1) if shown[i].complementary else range(min(N, remaining + 1))
        for i in hidden
    ]
    return {
        combo[hidden.index(index)]
        for combo in itertools.product(*ranges)
        if sum(combo) == remaining
    }


@pytest.mark.parametrize(("cells", "top"), [(2, 20), (3, 16), (4, 11)])
def test_no_small_cell_can_be_worked_out_from_the_row_total(cells, top):
    """Exhaustively, every row of 2, 3 or 4 cells: each small cell could be 0, 1 or 2 as far as
    anyone can tell from what is shown, the labels and the row's total."""
    for values in itertools.product(range(top), repeat=cells):
        shown = protect_row(list(values), N)
        if shown is None:
            assert sum(values) < minimum_total(cells, N)
            continue
        for index, value in enumerate(shown):
            if is_hidden(value) and not value.complementary:
                assert {0, 1, 2} <= _consistent_values(shown, sum(values), index), values
