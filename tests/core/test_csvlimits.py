"""csv's field size limit raised for a block only (core/csvlimits.py)."""

import csv
import io
import threading

import pytest

from economie071.core.csvlimits import field_size_limit, is_field_limit_error


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_limit_holds_for_the_block_only_and_blocks_nest():
    before = csv.field_size_limit()
    long = "x" * (before + 1)
    with pytest.raises(csv.Error) as caught:
        read(long)
    assert is_field_limit_error(caught.value)
    with field_size_limit(before * 4):
        assert read(long) == [[long]]
        with field_size_limit(10):  # never lowers the limit under another block
            assert read(long) == [[long]]
        assert csv.field_size_limit() == before * 4
    assert csv.field_size_limit() == before
    with pytest.raises(csv.Error):
        read(long)


def test_blocks_in_threads_keep_the_largest_until_the_last_ends():
    before = csv.field_size_limit()
    inside, leave = threading.Event(), threading.Event()

    def other():
        with field_size_limit(before * 8):
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with field_size_limit(before * 2):
        assert csv.field_size_limit() == before * 8
    assert csv.field_size_limit() == before * 8  # the other block is still open
    leave.set()
    thread.join(5)
    assert csv.field_size_limit() == before


def test_a_damaged_file_is_not_a_field_limit_error():
    with pytest.raises(csv.Error) as caught:
        list(csv.reader(io.StringIO('"open'), strict=True))
    assert not is_field_limit_error(caught.value)
