from economie071.web.markdown import render_markdown


def test_bare_web_addresses_become_links_and_markdown_links_stay_as_they_are():
    html = render_markdown("Zie https://www.cpb.nl/a_b.pdf. En [tekst](https://e.org/y).")
    assert '<a href="https://www.cpb.nl/a_b.pdf"' in html
    assert ">https://www.cpb.nl/a_b.pdf</a>." in html  # the full stop stays outside the link
    assert '<a href="https://e.org/y" rel="noopener noreferrer">tekst</a>' in html


def test_script_and_javascript_links_are_removed():
    html = render_markdown("[x](javascript:alert(1)) <script>alert(2)</script> **vet**")
    assert "javascript:" not in html and "<script" not in html
    assert "<strong>vet</strong>" in html
