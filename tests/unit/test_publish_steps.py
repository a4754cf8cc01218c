"""The publish and search plugins' pure steps: fingerprint names and references, CSP hashes,
vocabularies, the per-language search config."""

import base64
import hashlib

import pytest
from mkdocs.exceptions import PluginError

from opskb.plugins.publish.csp import blocked_inline_code, inline_script_hashes, nginx_include
from opskb.plugins.publish.fingerprints import fingerprint, fingerprinted_name, reference_rewriter
from opskb.plugins.search.per_language import rebase_config
from opskb.plugins.search.vocabulary import load_vocabulary, vocabulary_script


def test_fingerprinted_name_is_the_first_8_hex_of_sha256(tmp_path):
    asset = tmp_path / "extra.css"
    asset.write_bytes(b"body{}")
    assert fingerprinted_name(asset) == f"extra.{hashlib.sha256(b'body{}').hexdigest()[:8]}.css"


def test_fingerprint_renames_own_assets_and_rewrites_references(tmp_path):
    js = tmp_path / "assets" / "javascripts"
    js.mkdir(parents=True)
    (js / "practice.js").write_text("x", encoding="utf-8")
    (js / "bundle.a5f9d56c.min.js").write_text("material", encoding="utf-8")
    renames = fingerprint(tmp_path, {"assets/javascripts": "*.js"})
    (new,) = renames.values()
    assert list(renames) == ["assets/javascripts/practice.js"] and (tmp_path / new).is_file()
    rewrite = reference_rewriter(renames)
    assert rewrite('<script src="../../assets/javascripts/practice.js?v=1">') == f'<script src="../../{new}?v=1">'
    assert rewrite('<a href="assets/javascripts/practice.jsx">') == '<a href="assets/javascripts/practice.jsx">'
    assert reference_rewriter({})("same") == "same"


def test_csp_hashes_only_executed_inline_scripts():
    html = (
        '<script>a()</script><script type="application/json">{}</script><script src="x.js"></script>'
        '<script type="module">b()</script>'
    )
    digest = base64.b64encode(hashlib.sha256(b"a()").digest()).decode()
    hashes = inline_script_hashes(html)
    assert hashes[0] == f"'sha256-{digest}'" and len(hashes) == 2
    assert f"'sha256-{digest}'" in nginx_include(hashes)


def test_csp_blocked_inline_code_is_named():
    found = blocked_inline_code('<button onclick="go()">x</button><a href="javascript:void(0)">y</a>')
    assert len(found) == 2 and "onclick" in found[0] and "javascript:" in found[1]
    assert blocked_inline_code("<script>if (a) onclick = 1</script>") == []


def test_vocabulary_is_checked_and_shipped_as_a_script(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text(
        "synonyms:\n  - [k8s, kubernetes]\nstopwords: [the]\n"
        'messages: {none: "nothing for {query}", hint: "try fewer words"}\n',
        encoding="utf-8",
    )
    assert load_vocabulary(good)["synonyms"] == [["k8s", "kubernetes"]]
    assert vocabulary_script(good, "en").startswith("// Generated") and '"en":' in vocabulary_script(good, "en")


@pytest.mark.parametrize(
    "text",
    [
        'synonyms:\n  - [alone]\nmessages: {none: "{query}", hint: h}\n',
        'messages: {none: "no query placeholder", hint: h}\n',
        'messages: {none: "{query}"}\n',
    ],
)
def test_a_malformed_vocabulary_fails_the_build(tmp_path, text):
    bad = tmp_path / "bad.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PluginError):
        load_vocabulary(bad)


def test_pages_of_other_languages_search_their_own_index():
    page = '<script id="__config" type="application/json">{"base": "../.."}</script>'
    assert '"base": "../../en/"' in rebase_config(page, "en")
