"""The bibliography styles: exact strings per style and entry type, escaping, golden lists.

Golden files hold one rendered entry per line in the papers' printed order; regenerate them
after a deliberate style change with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_styles.py``.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import BibliographyData, Entry, Person, parse_string
from pybtex.plugin import find_plugin
from pybtex.richtext import Text

from macros.sources import bibliography as bibdata
from macros import offline
from macros.styles import PLUGIN_NAMES, STYLES, Formatted, format_entries
from macros.styles.base import PageRange, sentence_case

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PAPER_A = dict(offline.presets(ROOT)["paper-a"].reference_list)  # each paper's consistent deviations, as data
PAPER_B = dict(offline.presets(ROOT)["paper-b"].reference_list)
OPTIONS = {"A": PAPER_A, "B": PAPER_B, "-": {}}


@cache
def data() -> BibliographyData:
    return bibdata.load(sorted((ROOT / "bibliography").glob("*.bib")), ROOT).data


def render(key: str, style: str, preset: str) -> Formatted:
    return format_entries(data(), [key], style, **OPTIONS[preset])[key]


# (entry type, key, style, options preset: A = paper A, B = paper B, - = defaults, expected text)
CASES = [
    # ---- chicago
    ("article", "ahrari1987", "chicago", "A", "Ahrari, Mohammed E. “Iran and the Superpowers in the Gulf.” SAIS Review 7, no. 1 (1987): 157–68."),
    ("article, abbreviated range kept", "farhang1985", "chicago", "A", "Farhang, Mansour. “The Iran-Iraq War: The Feud, the Tragedy, the Spoils.” World Policy Journal 2, no. 4 (1985): 659–80."),
    ("article, full range abbreviated", "ramazani1978", "chicago", "A", "Ramazani, R. K. “Iran and the Arab-Israeli Conflict.” Middle East Journal 32, no. 4 (1978): 413–28."),
    ("article, issue only", "richards1975", "chicago", "A", "Richards, Helmut. “America’s Shah Shahanshah’s Iran.” MERIP Reports, no. 40 (1975): 3–26."),
    ("article, period inside single quote", "mottale2011", "chicago", "A", "Mottale, Morris. “Iran’s Clerical Regime’s ‘Jewish Problem.’” Democracy and Security 7, no. 3 (2011): 258–70."),
    ("newspaper", "hersh1991", "chicago", "A", "Hersh, Seymour M. “The Iran Pipeline: A Hidden Chapter/A Special Report.; U.S. Said to Have Allowed Israel to Sell Arms to Iran.” The New York Times, December 8, 1991."),
    ("magazine with url", "lake2019", "chicago", "A", "Lake, Eli. “The Dark Side of Israel’s Cold Peace with Saudi Arabia.” Bloomberg, 2019. https://www.bloomberg.com/opinion/articles/2019-06-03/israel-s-cold-peace-with-saudi-arabia-has-a-dark-side."),
    ("article with doi", "alvandi2014b", "chicago", "-", "Alvandi, R. “The Shah's Détente with Khrushchev: Iran's 1962 Missile Base Pledge to the Soviet Union.” Cold War History 14, no. 3 (2014): 423–44. https://doi.org/10.1080/14682745.2014.890591."),
    ("book, two authors", "bulloch1989", "chicago", "A", "Bulloch, John, and Harvey Morris. The Gulf War: Its Origins, History, and Consequences. London: Methuen, 1989."),
    ("book, three authors", "marshall1987", "chicago", "A", "Marshall, Jonathan, Peter Dale Scott, and Jane Haapiseva-Hunter. The Iran-Contra Connection: Secret Teams and Covert Operations in the Reagan Era. Boston, MA: South End Press, 1987."),
    ("book, edition (paper A)", "souresrafil1989", "chicago", "A", "Souresrafil, Behrouz. Khomeini and Israel, 2d ed. England: I Researchers Inc., 1989."),
    ("book, edition (CMOS)", "souresrafil1989", "chicago", "-", "Souresrafil, Behrouz. Khomeini and Israel. 2nd ed. England: I Researchers Inc., 1989."),
    ("book, translator", "abrahamian2009", "chicago", "-", "Abrahamian, E. Modern İran tarihi. Translated by D. Şendil. Türkiye İş Bankası Kültür Yayınları, 2009."),
    ("book, title as author", "frus1943", "chicago", "-", "Foreign Relations of the United States Diplomatic Papers, The Conferences at Cairo and Tehran. U.S. Government Printing Office, 1943. http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran."),
    ("article, title as author", "agreement1951", "chicago", "-", "“Agreement between the United States of America and Iran.” American Journal of International Law 45, no. S3 (1951): 76–80. https://doi.org/10.2307/2213894."),
    ("inbook", "kaye2011", "chicago", "A", "Kaye, Dalia Dassa, Alireza Nader, and Parisa Roshan. “A Brief History of Israeli-Iranian Cooperation and Confrontation.” In Israel and Iran: A Dangerous Rivalry, 9–18. RAND Corporation, 2011."),
    ("incollection, editor and edition", "ayyubids2013", "chicago", "-", "Ayyubids, K. “Nasser and Arab Nationalism.” In Egypt on the Brink: From Nasser to the Muslim Brotherhood, edited by T. Osman, Rev. and updated ed., 50–85. Yale University Press, 2013."),
    ("crossref'd chapter", "parsi2007a", "chicago", "-", "Parsi, Trita. “An Alliance of Necessity: The Secret Friendship of the Shah.” In Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States, 19–28. New Haven, CT: Yale University Press, 2007."),
    ("the 2013 printing", "walt2013", "chicago", "A", "Walt, Stephen M. The Origins of Alliances. Ithaca, NY: Cornell University Press, 2013."),
    ("the fragment", "fragment1987", "chicago", "A", "The Journal of Foreign Policy 1, no. 3 (July-September 1987): 5–8."),
    ("misc", "dekel2013", "chicago", "A", "Dekel, Udi, and Yoel Guzansky. “Israel and Saudi Arabia: Is the Enemy of My Enemy My Friend?” The Institute for National Security Studies, 2013."),
    ("misc with month", "lindenstrauss2015", "chicago", "A", "Lindenstrauss, Gallia. “Israel-Azerbaijan: Despite the Constraints, a Special Relationship.” The Institute for National Security Studies, January 2015."),
    ("phdthesis", "piccoli1999", "chicago", "-", "Piccoli, W. “Alliance Theory: The Case of Turkey and Israel.” Doctoral dissertation, Bilkent University, 1999. http://repository.bilkent.edu.tr/handle/11693/18172."),
    ("mastersthesis", "turk2020", "chicago", "-", "Türk, K. “İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı.” Yüksek Lisans Tezi, TOBB Ekonomi ve Teknoloji Üniversitesi, 2020. YÖK Tez Merkezi (660083)."),
    ("techreport", "barrett2008", "chicago", "-", "Barrett, R. “Intervention in Iraq, 1958-1959.” Policy Brief 11. The Middle East Institute, 2008. https://www.mei.edu/sites/default/files/publications/intervention-in-iraq-roby-barrett.pdf."),
    # ---- apa
    ("article", "alvandi2014b", "apa", "B", "Alvandi, R. (2014b). The Shah's Détente with Khrushchev: Iran's 1962 Missile Base Pledge to the Soviet Union. Cold War History, 14(3), 423-444. https://doi.org/10.1080/14682745.2014.890591"),
    ("article (APA defaults)", "alvandi2014b", "apa", "-", "Alvandi, R. (2014b). The Shah's détente with Khrushchev: Iran's 1962 missile base pledge to the Soviet Union. Cold War History, 14(3), 423–444. https://doi.org/10.1080/14682745.2014.890591"),
    ("article, issue only", "ozcan2019", "apa", "B", "Özcan, G. (2019). Çevreleme Politikası. Güvenlik Portalı Güvenlik Yazıları Serisi, 41. https://doi.org/10.13140/RG.2.2.28146.66247"),
    ("article, name suffix (paper B)", "gause2003", "apa", "B", "Gause III, F. G. (2003). Balancing What? Threat Perception and Alliance Choice in the Gulf. Security Studies, 13(2), 273-305. https://doi.org/10.1080/09636410490521271"),
    ("article, name suffix (APA)", "gause2003", "apa", "-", "Gause, F. G., III. (2003). Balancing what? Threat perception and alliance choice in the Gulf. Security Studies, 13(2), 273–305. https://doi.org/10.1080/09636410490521271"),
    ("article, title as author", "agreement1951", "apa", "B", "Agreement between the United States of America and Iran. (1951). American Journal of International Law, 45(S3), 76-80. https://doi.org/10.2307/2213894"),
    ("article, title as author ending in ?", "egyptmiddleeast1964", "apa", "-", "Egypt and the Middle East: What prospects for stability? (1964). Great Decisions, 27–37."),
    ("book, sentence case", "miglietta2002", "apa", "B", "Miglietta, J. P. (2002). American alliance policy in the Middle East, 1945-1992: Iran, Israel, and Saudi Arabia. Lexington Books."),
    ("book, edition and note", "abrahamian1983", "apa", "B", "Abrahamian, E. (1983). Iran: Between two revolutions (2nd ed., with corrections). Princeton University Press."),
    ("book, edition", "morgenthau1973", "apa", "B", "Morgenthau, H. J. (1973). Politics among nations: The struggle for power and peace (5th ed.). Alfred A. Knopf."),
    ("book, translator", "abrahamian2009", "apa", "B", "Abrahamian, E. (2009). Modern İran tarihi (D. Şendil, Trans.). Türkiye İş Bankası Kültür Yayınları."),
    ("book, note only", "kinzer2004", "apa", "B", "Kinzer, S. (2004). All the Shah's men: An American coup and the roots of Middle East terror (C. 41). John Wiley & Sons, Inc."),
    ("book, title as author (paper B)", "frus1943", "apa", "B", "Foreign Relations of the United States Diplomatic Papers, The Conferences at Cairo and Tehran. (1943). U.S. Government Printing Office. http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran"),
    ("book, title as author (APA)", "frus1943", "apa", "-", "Foreign Relations of the United States diplomatic papers, the conferences at Cairo and Tehran. (1943). U.S. Government Printing Office. http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran"),
    ("the 2013 printing", "walt2013", "apa", "-", "Walt, S. M. (2013). The origins of alliances. Cornell University Press."),
    ("inbook", "afkhami2009", "apa", "B", "Afkhami, G. R. (2009). SAVAK. In The life and times of the Shah (pp. 381-403). University of California Press."),
    ("incollection, editor and edition", "ayyubids2013", "apa", "-", "Ayyubids, K. (2013). Nasser and Arab nationalism. In T. Osman (Ed.), Egypt on the brink: From Nasser to the Muslim Brotherhood (Rev. and updated ed., pp. 50–85). Yale University Press."),
    ("incollection, Turkish", "halliday1992", "apa", "B", "Halliday, F. (1992). İran Devrimi: Eşitsiz Gelişme ve Dinci Popülizm. In S. Üşür (Ed.), İran Devrimi: Din, Anti-emperyalizm ve Sol (pp. 9-53). Belge Yayınları."),
    ("incollection, title as author, edition", "anglosoviet1979", "apa", "B", "Anglo-Soviet-Iranian Treaty of 1942. (1979). In The Great Soviet Encyclopedia (3rd ed.). https://encyclopedia2.thefreedictionary.com/Anglo-Soviet-Iranian+Treaty+of+1942"),
    ("incollection, protected treaty name (APA)", "anglosoviet1979", "apa", "-", "Anglo-Soviet-Iranian Treaty of 1942. (1979). In The Great Soviet Encyclopedia (3rd ed.). https://encyclopedia2.thefreedictionary.com/Anglo-Soviet-Iranian+Treaty+of+1942"),
    ("incollection, editor as author", "garthwaite2005", "apa", "B", "Garthwaite, G. R. (Ed.). (2005). Persia: Place and Idea. In The Persians (pp. 1-21). Blackwell Publishing. https://doi.org/10.1002/9780470754979.ch1"),
    ("crossref'd chapter", "parsi2007b", "apa", "B", "Parsi, T. (2007b). Rise of Israel, Rise of Iran. In Treacherous alliance: The secret dealings of Israel, Iran, and the United States (pp. 29-38). Yale University Press."),
    ("the fragment", "fragment1987", "apa", "-", "(1987, July-September). The Journal of Foreign Policy, 1(3), 5–8."),
    ("phdthesis", "piccoli1999", "apa", "B", "Piccoli, W. (1999). Alliance theory: The case of Turkey and Israel [Doctoral dissertation, Bilkent University]. http://repository.bilkent.edu.tr/handle/11693/18172"),
    ("mastersthesis (paper B)", "turk2020", "apa", "B", "Türk, K. (2020). İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı (Kayıt No: 660083) [Yüksek Lisans Tezi, TOBB Ekonomi ve Teknoloji Üniversitesi]. YÖK Tez Merkezi."),
    ("mastersthesis (APA)", "turk2020", "apa", "-", "Türk, K. (2020). İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı (Publication No. 660083) [Yüksek Lisans Tezi, TOBB Ekonomi ve Teknoloji Üniversitesi]. YÖK Tez Merkezi."),
    ("misc, corporate author", "departmentofstate2008", "apa", "B", "Department of State. The Office of Electronic Information, Bureau of Public Affairs. (2008, January 7). The Baghdad Pact (1955) and the Central Treaty Organization (CENTO). https://2001-2009.state.gov/r/pa/ho/time/lw/98683.htm"),
    ("misc, title as author (paper B)", "eisenhowerdoctrine2017", "apa", "B", "The Eisenhower Doctrine, 1957. (2017, May). [The Historian of the U.S. Department of State]. https://history.state.gov/milestones/1953-1960/eisenhower-doctrine"),
    ("misc, title as author (APA)", "eisenhowerdoctrine2017", "apa", "-", "The Eisenhower Doctrine, 1957. (2017, May). The Historian of the U.S. Department of State. https://history.state.gov/milestones/1953-1960/eisenhower-doctrine"),
    ("techreport (paper B)", "barrett2008", "apa", "B", "Barrett, R. (2008). Intervention in Iraq, 1958-1959. The Middle East Institute Policy Brief, No. 11. https://www.mei.edu/sites/default/files/publications/intervention-in-iraq-roby-barrett.pdf"),
    ("techreport (APA)", "barrett2008", "apa", "-", "Barrett, R. (2008). Intervention in Iraq, 1958-1959 (Policy Brief No. 11). The Middle East Institute. https://www.mei.edu/sites/default/files/publications/intervention-in-iraq-roby-barrett.pdf"),
]


@pytest.mark.parametrize("kind, key, style, preset, expected", CASES, ids=[f"{c[2]}-{c[0]}-{c[1]}" for c in CASES])
def test_text_per_style_and_entry_type(kind: str, key: str, style: str, preset: str, expected: str) -> None:
    assert render(key, style, preset).text == expected


@pytest.mark.parametrize("key, style, preset, expected", [
    ("ahrari1987", "chicago", "A", "Ahrari, Mohammed E. “Iran and the Superpowers in the Gulf.” <em>SAIS Review</em> 7, no. 1 (1987): 157–68."),
    ("chubin1994", "chicago", "A", "Chubin, Shahram. <em>Iran’s National Security Policy: Capabilities, Intentions, &amp; Impact</em>. Washington D.C.: The Carnegie Endowment for International Peace, 1994."),
    ("kaye2011", "chicago", "A", "Kaye, Dalia Dassa, Alireza Nader, and Parisa Roshan. “A Brief History of Israeli-Iranian Cooperation and Confrontation.” In <em>Israel and Iran: A Dangerous Rivalry</em>, 9–18. RAND Corporation, 2011."),
    ("alvandi2014b", "apa", "B", 'Alvandi, R. (2014b). The Shah\'s Détente with Khrushchev: Iran\'s 1962 Missile Base Pledge to the Soviet Union. <em>Cold War History</em>, 14(3), 423-444. <a href="https://doi.org/10.1080/14682745.2014.890591">https://doi.org/10.1080/14682745.2014.890591</a>'),
    ("frus1943", "apa", "-", '<em>Foreign Relations of the United States diplomatic papers, the conferences at Cairo and Tehran</em>. (1943). U.S. Government Printing Office. <a href="http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran">http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran</a>'),
    ("ayyubids2013", "apa", "B", "Ayyubids, K. (2013). Nasser and Arab Nationalism. In T. Osman (Ed.), <em>Egypt on the brink: From Nasser to the Muslim Brotherhood</em> (Rev. and updated ed., pp. 50-85). Yale University Press."),
])
def test_html(key: str, style: str, preset: str, expected: str) -> None:
    assert render(key, style, preset).html == expected


def test_no_protected_spans_in_html() -> None:
    for style, preset in (("chicago", "A"), ("apa", "B")):
        for formatted in format_entries(data(), list(data().entries), style, **OPTIONS[preset]).values():
            # the only spans are language marks (a Turkish record's titles): no BibTeX protection survives
            assert "bibtex-protected" not in formatted.html and not re.search(r"<span(?! lang=)", formatted.html)


def _one(entry: Entry, key: str = "x") -> BibliographyData:
    return BibliographyData(entries={key: entry})


def test_script_in_title_is_escaped_in_html_and_literal_in_text() -> None:
    entry = Entry("article", fields={"title": "Title <script>alert(1)</script> & more", "journal": "J", "year": "2020",
                                     "url": 'https://example.org/?a=1&b="2"'},
                  persons={"author": [Person("Doe, Jane")]})
    for style in STYLES:
        out = format_entries(_one(entry), ["x"], style)["x"]
        assert "<script>" not in out.html and "Title &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in out.html
        assert "Title <script>alert(1)</script> & more" in out.text
        assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in out.html


def test_only_web_urls_become_links() -> None:
    entry = Entry("misc", fields={"title": "T", "year": "2020", "url": "javascript:alert(1)"}, persons={"author": [Person("Doe, J.")]})
    for style in STYLES:
        out = format_entries(_one(entry), ["x"], style)["x"]
        assert "<a " not in out.html and "javascript:alert(1)" in out.text


def test_latex_accents_are_decoded() -> None:
    bib = parse_string(r"""@article{x, author = {{\"O}zcan, G{\"u}nter and {\c{S}}en, G.}, title = {{\"O}zcan's {\c{S}}en},
                           journal = {J}, volume = {1}, pages = {1--2}, year = {2019}}""", "bibtex")
    assert format_entries(bib, ["x"], "apa")["x"].text == "Özcan, G., & Şen, G. (2019). Özcan's Şen. J, 1, 1–2."
    assert format_entries(bib, ["x"], "chicago")["x"].text == "Özcan, Günter, and G. Şen. “Özcan's Şen.” J 1 (2019): 1–2."


def test_online_entry_type() -> None:
    entry = Entry("online", fields={"title": "A Page about {Iran}", "year": "2020", "month": "May", "day": "3",
                                    "url": "https://example.org/p"}, persons={"author": [Person("Doe, Jane")]})
    assert format_entries(_one(entry), ["x"], "apa")["x"].text == "Doe, J. (2020, May 3). A page about Iran. https://example.org/p"
    assert format_entries(_one(entry), ["x"], "chicago")["x"].text == "Doe, Jane. “A Page about Iran.” May 3, 2020. https://example.org/p."


def test_crossref_is_resolved_on_copies_only() -> None:
    before = dict(data().entries["parsi2007a"].fields), dict(data().entries["parsi2007a"].persons)
    assert render("parsi2007a", "apa", "B").text.startswith("Parsi, T. (2007a). An Alliance of Necessity")
    assert (dict(data().entries["parsi2007a"].fields), dict(data().entries["parsi2007a"].persons)) == before


def test_year_suffixes_from_keys_match_apa_title_order_for_paper_b() -> None:
    keys = [k for k, e in data().entries.items() if "x-printed-b" in e.fields]
    by_key = format_entries(data(), keys, "apa", **PAPER_B)
    by_title = format_entries(data(), keys, "apa", **{**PAPER_B, "year_suffix": "title"})
    assert by_key == by_title
    suffixed = {k for k, f in by_key.items() if re.search(r"\(\d{4}[a-z]", f.text)}
    assert suffixed == {"alvandi2014a", "alvandi2014b", "parsi2007a", "parsi2007b"}
    # The key letter does not depend on what is rendered together: alone, 2007b is still 2007b.
    assert render("parsi2007b", "apa", "B").text.startswith("Parsi, T. (2007b).")


@pytest.mark.parametrize("raw, form, dash, expected", [
    ("157--168", "chicago", "–", "157–68"), ("659--80", "chicago", "–", "659–80"), ("292--315", "chicago", "–", "292–315"),
    ("85--98", "chicago", "–", "85–98"), ("101--108", "chicago", "–", "101–8"), ("808--833", "chicago", "–", "808–33"),
    ("1103--1104", "chicago", "–", "1103–4"), ("1496--1500", "chicago", "–", "1496–1500"), ("100--104", "chicago", "–", "100–104"),
    ("659--80", "full", "-", "659-680"), ("659--80", "as-stored", "–", "659–80"), ("3", "full", "-", "3"), ("xi--xv", "full", "–", "xi–xv"),
])
def test_page_ranges(raw: str, form: str, dash: str, expected: str) -> None:
    assert str(PageRange(dash, form)(raw)) == expected


@pytest.mark.parametrize("latex, expected", [
    ("{Iran}: Between Two Revolutions", "Iran: Between two revolutions"),
    ("The 'Forgotten Alliance'? {Anglo-Turkish} Relations and {CENTO}, 1959–65", "The 'forgotten alliance'? Anglo-Turkish relations and CENTO, 1959–65"),
    ("The Modernization of {Iran}: 1921-1941", "The modernization of Iran: 1921-1941"),
    ("{Modern İran tarihi}", "Modern İran tarihi"),
])
def test_sentence_case_respects_braces(latex: str, expected: str) -> None:
    assert str(sentence_case(Text.from_latex(latex))) == expected


def test_bad_style_and_options_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        format_entries(data(), ["ahrari1987"], "mla")
    with pytest.raises(ValueError, match="page_dashh"):
        format_entries(data(), ["ahrari1987"], "apa", page_dashh="-")
    with pytest.raises(ValueError, match="roman_title_case"):
        format_entries(data(), ["ahrari1987"], "apa", roman_title_case="title")


def test_styles_are_pybtex_plugins_that_resolve_crossref() -> None:
    for style, name in PLUGIN_NAMES.items():
        plugin = find_plugin("pybtex.style.formatting", name)
        assert plugin is STYLES[style]
    bibliography = find_plugin("pybtex.style.formatting", "edition-apa")(page_dash="-").format_bibliography(data(), ["parsi2007a"])
    assert [e.text.render_as("text") for e in bibliography][0].startswith("Parsi, T. (2007a).")


_IMPORT_WITH_ENTRY_POINTS = """
import importlib.metadata, json, sys
real, scans = importlib.metadata.entry_points, []
def entry_points(**params):
    scans.append(params)
    found = real(**params)
    return found if sys.argv[1] == "declared" else found.select(name="none-of-ours")
importlib.metadata.entry_points = entry_points
import pybtex.plugin
pybtex.plugin.entry_points = entry_points
before = len(scans)
import macros.styles.formatting as formatting
ours = pybtex.plugin._RUNTIME_PLUGINS.get("pybtex.style.formatting", {})
print(json.dumps({"scans": len(scans) - before, "registered": sorted(n for n in ours if n.startswith("edition-")),
                  "found": {n: pybtex.plugin.find_plugin("pybtex.style.formatting", n).__name__ for n in formatting.PLUGIN_NAMES.values()}}))
"""


@pytest.mark.parametrize("installed", ["declared", "not declared"])
def test_styles_are_registered_at_import_only_when_not_declared(installed: str) -> None:
    """The package declares its styles as entry points; a checkout not reinstalled since a style was added
    lacks them, and importing the formatting registers them itself. Declared, the installed packages'
    entry points are read once (read once per style, they cost each import 15 ms)."""
    run = subprocess.run([sys.executable, "-c", _IMPORT_WITH_ENTRY_POINTS, installed], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    found = json.loads(run.stdout)
    if installed == "declared":  # the usual case: nothing to register, so nothing read again
        assert found["scans"] == 1
    assert found["registered"] == ([] if installed == "declared" else sorted(PLUGIN_NAMES.values()))
    assert found["found"] == {name: STYLES[style].__name__ for style, name in PLUGIN_NAMES.items()}


# ---------------------------------------------------------------- golden lists and the measurement

def printed_order(paper: str) -> list[str]:
    """Keys in the order the paper prints its list (found by the exact printed text)."""
    source = (ROOT / "tests" / "sources" / ("paper-%s.txt" % paper.lower())).read_text(encoding="utf-8")
    source = source[source.index("\n[43]") if paper == "A" else source.index("\nReferences\n"):]
    field = "x-printed-" + paper.lower()
    found = {k: source.find(e.fields[field].replace("~", "\u00a0")) for k, e in data().entries.items() if field in e.fields}
    assert all(position >= 0 for position in found.values()), found
    return sorted(found, key=found.__getitem__)


@pytest.mark.parametrize("paper, style, golden", [("A", "chicago", "paper-a-bibliography.txt"), ("B", "apa", "paper-b-references.txt")])
def test_golden_list(paper: str, style: str, golden: str) -> None:
    keys = printed_order(paper)
    formatted = format_entries(data(), keys, style, **OPTIONS[paper], variant=paper.lower())  # its own forms
    rendered = "".join(formatted[k].text + "\n" for k in keys)
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), rendered.splitlines(True), str(path), "rendered"))
    assert not diff, "\n" + diff


def test_every_mismatch_with_the_print_is_a_known_print_inconsistency() -> None:
    spec = importlib.util.spec_from_file_location("measure_styles", ROOT / "scripts" / "measure_styles.py")
    assert spec and spec.loader
    measure = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = measure  # dataclasses look their module up there
    spec.loader.exec_module(measure)
    for paper, result in (("A", measure.paper_a(data())), ("B", measure.paper_b(data()))):
        assert {m.key for m in result.mismatches} == set(measure.PRINT_INCONSISTENCIES[paper]), paper


def test_the_citation_styles_are_pairs_registered_by_entry_point() -> None:
    """Each pair this package ships is installed under its name (pyproject.toml), as another package's would be."""
    from importlib.metadata import entry_points

    from macros.styles import pairs

    installed = {point.name: point.load() for point in entry_points(group=pairs.GROUP)}
    assert {name: style for name, style in installed.items() if name in pairs.registered()} == {
        "apa": pairs.APA, "chicago-notes": pairs.CHICAGO_NOTES, "chicago-author-date": pairs.CHICAGO_AUTHOR_DATE}
    for style in installed.values():  # each half found where the pair says
        assert STYLES[style.reference_list.removeprefix("edition-")] is not None
        assert style.in_text().render  # its in-text form, with no options


def test_key_stems_are_made_once_per_bibliography_not_once_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year letter from a key (parsi2007b) looks at every key sharing its stem. The formatting asks
    for one chunk of entries at a time, so the stems are made once per bibliography: made again for
    each chunk, the work grew with the square of the entries. Letters still come out right across
    chunks, and another bibliography gets stems of its own."""
    from macros.styles import formatting

    def work(key: str, author: str, title: str) -> tuple[str, Entry]:
        return key, Entry("book", [("title", title), ("year", "2007"), ("publisher", "P")], persons={"author": [Person(author)]})
    bib = BibliographyData(entries=dict([work(f"w{n:02d}2007", f"Writer{n}, Ann", f"Work {n}") for n in range(30)]
                                        + [work("parsi2007a", "Parsi, Trita", "First"), work("parsi2007b", "Parsi, Trita", "Second")]))
    real, calls = formatting._STEM, []

    class Counting:
        def fullmatch(self, key: str) -> Any:
            calls.append(key)
            return real.fullmatch(key)
    monkeypatch.setattr(formatting, "_STEM", Counting())
    monkeypatch.setattr(formatting, "_STEMS", None, raising=False)  # none kept from earlier tests
    keys = list(bib.entries)
    texts = {}
    for chunk in (keys[:12], keys[12:24], keys[24:31], keys[31:]):  # the two Parsi works in different chunks
        texts |= {key: f.text for key, f in formatting.format_entries(bib, chunk, "apa").items()}
    assert len(calls) == 2 * len(keys)  # every key once for the stems, then each key as it is formatted
    assert texts["parsi2007a"].startswith("Parsi, T. (2007a).") and texts["parsi2007b"].startswith("Parsi, T. (2007b).")
    other = BibliographyData(entries=dict([work("parsi2007", "Parsi, Trita", "Third"), work("parsi2007a", "Parsi, Trita", "First")]))
    assert formatting.format_entries(other, ["parsi2007"], "apa")["parsi2007"].text.startswith("Parsi, T. (2007b).")
