"""TODO(helper): being written this session."""


def page_rows(case) -> dict:
    return {}
