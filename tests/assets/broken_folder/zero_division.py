"""The same name as tests/assets/scenarios/zero_division.py, in another folder."""


def torch_eager():
    return 1 / 0  # BUG
