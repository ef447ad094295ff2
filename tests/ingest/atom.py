"""arXiv API (Atom) pages made up on the fly, for tests that serve them over HTTP."""

from xml.sax.saxutils import escape


def atom_entry(n: int, *, version: int = 1, prefix: str = "2501") -> str:
    arxiv_id = f"{prefix}.{n:05d}"
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>"
        "<updated>2025-01-02T10:00:00Z</updated><published>2025-01-02T10:00:00Z</published>"
        f"<title>{escape(f'Generated paper {n}: sparse attention, step {n}')}</title>"
        f"<summary>{escape(f'We study case {n} of a made-up problem & report results.')}</summary>"
        f"<author><name>Author {n}</name></author><author><name>Author {n + 1}</name></author>"
        '<arxiv:primary_category term="cs.CL"/><category term="cs.CL"/></entry>\n'
    )


def atom_feed(entries: list[str], *, total: int, start: int = 0) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>Generated</title>\n'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"<opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"{''.join(entries)}</feed>\n"
    ).encode()
