"""Chicago author-date (CMOS 17, ch. 15): the reference list and the in-text form, exact strings.

The expected strings were written from CMOS 17 before the style existed; the section cited in
each row's name is the rule it checks. Real records come from ``bibliography/*.bib``; what the
data lacks (four or more authors, an editor as creator, no date, a season) is a small synthetic
entry.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, Entry, Person
from pybtex.plugin import find_plugin

from macros.sources import bibliography as bibdata
from macros.sources import citation_syntax as citations
from macros.styles import Formatted, format_entries, prepare
from macros.styles.chicago_author_date import ChicagoAuthorDateOptions, ChicagoAuthorDateStyle
from macros.styles.pairs import CHICAGO_AUTHOR_DATE

ROOT = Path(__file__).resolve().parent.parent
STYLE = "chicago-author-date"


@cache
def data() -> BibliographyData:
    return bibdata.load(sorted((ROOT / "bibliography").glob("*.bib")), ROOT).data


def render(key: str, **options: str) -> Formatted:
    return format_entries(data(), [key], STYLE, **options)[key]


def people(*names: str) -> list[Person]:
    return [Person(name) for name in names]


def synthetic(kind: str, authors: tuple[str, ...] = (), editors: tuple[str, ...] = (), **fields: str) -> Entry:
    persons = {role: people(*names) for role, names in (("author", authors), ("editor", editors)) if names}
    return Entry(kind, fields=fields, persons=persons)


def render_synthetic(entry: Entry, **options: str) -> Formatted:
    return format_entries(BibliographyData(entries={"x": entry}), ["x"], STYLE, **options)["x"]


# ---------------------------------------------------------------- the reference list, real records

# (what the row checks, key, expected plain text)
RECORDS = [
    # Books (15.9): date after the author; the title italic; Place: Publisher.
    ("book, place and publisher (15.9)", "walt2013", "Walt, Stephen M. 2013. The Origins of Alliances. Ithaca, NY: Cornell University Press."),
    ("book, publisher only", "walt1987", "Walt, Stephen M. 1987. The Origins of Alliances. Cornell University Press."),
    ("book, two authors: only the first inverted, comma before and (15.9, 14.76)", "bulloch1989",
     "Bulloch, John, and Harvey Morris. 1989. The Gulf War: Its Origins, History, and Consequences. London: Methuen."),
    ("book, three authors", "marshall1987",
     "Marshall, Jonathan, Peter Dale Scott, and Jane Haapiseva-Hunter. 1987. The Iran-Contra Connection: Secret Teams and Covert Operations in the Reagan Era. Boston, MA: South End Press."),
    ("book, edition after the title (14.112)", "souresrafil1989", "Souresrafil, Behrouz. 1989. Khomeini and Israel. 2nd ed. England: I Researchers Inc."),
    ("book, edition statement stored whole", "abrahamian1983", "Abrahamian, E. 1983. Iran: Between Two Revolutions. 2nd ed., with corrections. Princeton University Press."),
    ("book, translator after the title", "abrahamian2009", "Abrahamian, E. 2009. Modern İran tarihi. Translated by D. Şendil. Türkiye İş Bankası Kültür Yayınları."),
    ("book, year suffix from the key (15.19)", "alvandi2014a",
     "Alvandi, R. 2014a. Nixon, Kissinger, and the Shah: The United States and Iran in the Cold War. Oxford University Press."),
    ("book, no author: the title leads, then the year (15.32)", "frus1943",
     "Foreign Relations of the United States Diplomatic Papers, The Conferences at Cairo and Tehran. 1943. U.S. Government Printing Office. http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran."),
    ("book, name suffix after the given names, set off by commas (6.43)", "gause2009",
     "Gause, F. G., III. 2009. The International Relations of the Persian Gulf. Cambridge University Press. https://doi.org/10.1017/CBO9780511818264."),
    # Journal articles (15.9, 15.47): volume, no. issue: pages; DOI as a URL, then a period (14.8).
    ("article (15.9)", "ramazani1978", "Ramazani, R. K. 1978. “Iran and the Arab-Israeli Conflict.” Middle East Journal 32, no. 4: 413–28."),
    ("article, range abbreviated (9.61)", "ahrari1987", "Ahrari, Mohammed E. 1987. “Iran and the Superpowers in the Gulf.” SAIS Review 7, no. 1: 157–68."),
    ("article, DOI and year suffix", "alvandi2014b",
     "Alvandi, R. 2014b. “The Shah's Détente with Khrushchev: Iran's 1962 Missile Base Pledge to the Soviet Union.” Cold War History 14, no. 3: 423–44. https://doi.org/10.1080/14682745.2014.890591."),
    ("article, issue only", "richards1975", "Richards, Helmut. 1975. “America’s Shah Shahanshah’s Iran.” MERIP Reports, no. 40: 3–26."),
    ("article, volume only", "friedman1981", "Friedman, Murray. 1981. “Intergroup Relations.” The American Jewish Yearbook 81: 121–33."),
    ("article, name suffix III", "gause2003",
     "Gause, F. G., III. 2003. “Balancing What? Threat Perception and Alliance Choice in the Gulf.” Security Studies 13, no. 2: 273–305. https://doi.org/10.1080/09636410490521271."),
    ("article, period inside the single quote (6.9)", "mottale2011",
     "Mottale, Morris. 2011. “Iran’s Clerical Regime’s ‘Jewish Problem.’” Democracy and Security 7, no. 3: 258–70."),
    ("article, no author: the quoted title leads (15.32)", "baghdadpact1956",
     "“Baghdad Pact.” 1956. International Organization 10, no. 1: 212–13. https://doi.org/10.1017/S0020818300023365."),
    ("article, no author and no title: the fragment starts at its date", "fragment1987",
     "1987. The Journal of Foreign Policy 1, no. 3 (July-September): 5–8."),
    # Newspapers and magazines (15.49): the full date repeated after the periodical.
    ("newspaper, full date repeated (15.49)", "hersh1991",
     "Hersh, Seymour M. 1991. “The Iran Pipeline: A Hidden Chapter/A Special Report.; U.S. Said to Have Allowed Israel to Sell Arms to Iran.” The New York Times, December 8, 1991."),
    ("magazine, full date repeated", "orkaby2015", "Orkaby, Asher. 2015. “Rivals with Benefits.” Foreign Affairs, March 13, 2015."),
    ("magazine, year only: nothing to repeat; URL", "lake2019",
     "Lake, Eli. 2019. “The Dark Side of Israel’s Cold Peace with Saudi Arabia.” Bloomberg. https://www.bloomberg.com/opinion/articles/2019-06-03/israel-s-cold-peace-with-saudi-arabia-has-a-dark-side."),
    ("periodical without volume, no author, title ending in ?", "egyptmiddleeast1964",
     "“Egypt and the Middle East: What Prospects for Stability?” 1964. Great Decisions, 27–37."),
    # Chapters (15.9): “Chapter.” In Book, edited by X, pages. Place: Publisher.
    ("chapter, three authors", "kaye2011",
     "Kaye, Dalia Dassa, Alireza Nader, and Parisa Roshan. 2011. “A Brief History of Israeli-Iranian Cooperation and Confrontation.” In Israel and Iran: A Dangerous Rivalry, 9–18. RAND Corporation."),
    ("chapter, editor and edition (lowercase mid-sentence)", "ayyubids2013",
     "Ayyubids, K. 2013. “Nasser and Arab Nationalism.” In Egypt on the Brink: From Nasser to the Muslim Brotherhood, edited by T. Osman, rev. and updated ed., 50–85. Yale University Press."),
    ("chapter through crossref, year suffix", "parsi2007a",
     "Parsi, Trita. 2007a. “An Alliance of Necessity: The Secret Friendship of the Shah.” In Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States, 19–28. New Haven, CT: Yale University Press."),
    ("chapter, editor as creator", "garthwaite2005",
     "Garthwaite, G. R., ed. 2005. “Persia: Place and Idea.” In The Persians, 1–21. Blackwell Publishing. https://doi.org/10.1002/9780470754979.ch1."),
    ("chapter in a reference work, no author, edition", "anglosoviet1979",
     "“Anglo-Soviet-Iranian Treaty of 1942.” 1979. In The Great Soviet Encyclopedia, 3rd ed. https://encyclopedia2.thefreedictionary.com/Anglo-Soviet-Iranian+Treaty+of+1942."),
    # Theses (15.9, 14.224): “Title.” PhD diss., University. A stored type wins.
    ("thesis, stored type", "piccoli1999",
     "Piccoli, W. 1999. “Alliance Theory: The Case of Turkey and Israel.” Doctoral dissertation, Bilkent University. http://repository.bilkent.edu.tr/handle/11693/18172."),
    ("master's thesis, archive and number", "turk2020",
     "Türk, K. 2020. “İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı.” Yüksek Lisans Tezi, TOBB Ekonomi ve Teknoloji Üniversitesi. YÖK Tez Merkezi (660083)."),
    # Reports, treated like books (the title italic), with their series and number.
    ("report", "barrett2008",
     "Barrett, R. 2008. Intervention in Iraq, 1958-1959. Policy Brief 11. The Middle East Institute. https://www.mei.edu/sites/default/files/publications/intervention-in-iraq-roby-barrett.pdf."),
    # Web pages and think-tank pieces: “Title.” Site, Month Day, Year. URL.
    ("misc, site only", "dekel2013",
     "Dekel, Udi, and Yoel Guzansky. 2013. “Israel and Saudi Arabia: Is the Enemy of My Enemy My Friend?” The Institute for National Security Studies."),
    ("misc, month and year repeated", "lindenstrauss2015",
     "Lindenstrauss, Gallia. 2015. “Israel-Azerbaijan: Despite the Constraints, a Special Relationship.” The Institute for National Security Studies, January 2015."),
    ("misc, full date repeated", "rahman2021", "Rahman, Omar. 2021. “The Emergence of GCC-Israel Relations in a Changing Middle East.” Brookings, July 28, 2021."),
    ("misc, no author: the quoted title leads (15.32)", "eisenhowerdoctrine2017",
     "“The Eisenhower Doctrine, 1957.” 2017. The Historian of the U.S. Department of State, May 2017. https://history.state.gov/milestones/1953-1960/eisenhower-doctrine."),
    ("report, institution, DOI", "cossa1990", "Cossa, R. A. 1990. Iran: Soviet Interests, US Concerns. Defense Technical Information Center. https://doi.org/10.21236/ADA271341."),
]


@pytest.mark.parametrize("kind, key, expected", RECORDS, ids=[f"{c[1]}-{c[0]}" for c in RECORDS])
def test_reference_list_entry_of_a_real_record(kind: str, key: str, expected: str) -> None:
    assert render(key).text == expected


# ---------------------------------------------------------------- the reference list, synthetic entries

FOUR = ("Kaye, Dalia Dassa", "Nader, Alireza", "Roshan, Parisa", "Parsi, Trita")
ELEVEN = tuple(f"Author{n}, A." for n in range(1, 12))

SYNTHETIC = [
    ("book, four authors all listed (15.9)",
     synthetic("book", FOUR, title="Israel and {Iran}", publisher="RAND Corporation", address="Santa Monica, CA", year="2011"),
     "Kaye, Dalia Dassa, Alireza Nader, Parisa Roshan, and Trita Parsi. 2011. Israel and Iran. Santa Monica, CA: RAND Corporation."),
    ("book, more than ten authors: seven, then et al. (15.9, 14.76)",
     synthetic("book", ELEVEN, title="Big Science", publisher="P", year="2020"),
     "Author1, A., A. Author2, A. Author3, A. Author4, A. Author5, A. Author6, A. Author7, et al. 2020. Big Science. P."),
    ("book, editor as creator",
     synthetic("book", editors=("Garthwaite, Gene R.",), title="The {Persians}", publisher="Blackwell", address="Malden, MA", year="2005"),
     "Garthwaite, Gene R., ed. 2005. The Persians. Malden, MA: Blackwell."),
    ("book, editors as creators: eds.",
     synthetic("book", editors=("Smith, Ann", "Jones, Bob"), title="Essays", publisher="P", year="2001"),
     "Smith, Ann, and Bob Jones, eds. 2001. Essays. P."),
    ("book, author and editor: Edited by after the title",
     synthetic("book", ("Austen, Jane",), ("Smith, Ann",), title="Persuasion", publisher="Penguin", address="London", year="2003"),
     "Austen, Jane. 2003. Persuasion. Edited by Ann Smith. London: Penguin."),
    ("book, no date: n.d.", synthetic("book", ("Walt, Stephen M.",), title="Alliances", publisher="P"),
     "Walt, Stephen M. n.d. Alliances. P."),
    ("article, month or season in parentheses (15.9, 15.47)",
     synthetic("article", ("Keng, Shao-Hsun", "Lin, Chun-Hung", "Orazem, Peter F."),
               title="Expanding College Access in {Taiwan}, 1978–2014: Effects on Graduate Quality and Income Inequality",
               journal="Journal of Human Capital", volume="11", number="1", month="Spring", pages="1--34", year="2017", doi="10.1086/690235"),
     "Keng, Shao-Hsun, Chun-Hung Lin, and Peter F. Orazem. 2017. “Expanding College Access in Taiwan, 1978–2014: Effects on Graduate Quality and Income Inequality.” Journal of Human Capital 11, no. 1 (Spring): 1–34. https://doi.org/10.1086/690235."),
    ("newspaper with URL",
     synthetic("article", ("Tyler, Patrick E.",), title="Title", journal="New York Times", month="December", day="8", year="1991", url="https://example.org/a"),
     "Tyler, Patrick E. 1991. “Title.” New York Times, December 8, 1991. https://example.org/a."),
    ("thesis, default type (14.224)",
     synthetic("phdthesis", ("Doe, Jane",), title="Alliances", school="University of Chicago", year="2010"),
     "Doe, Jane. 2010. “Alliances.” PhD diss., University of Chicago."),
    ("master's thesis, default type", synthetic("mastersthesis", ("Doe, Jane",), title="Alliances", school="Bilkent University", year="2010"),
     "Doe, Jane. 2010. “Alliances.” Master’s thesis, Bilkent University."),
    ("report with place, no number",
     synthetic("techreport", ("Cordesman, Anthony H.",), title="The {Gulf} Military Balance", type="CSIS Report", institution="CSIS",
               address="Washington, DC", year="2014"),
     "Cordesman, Anthony H. 2014. The Gulf Military Balance. CSIS Report. Washington, DC: CSIS."),
    ("online page with full date", synthetic("online", ("Doe, Jane",), title="A Page about {Iran}", year="2020", month="May", day="3",
                                             url="https://example.org/p"),
     "Doe, Jane. 2020. “A Page about Iran.” May 3, 2020. https://example.org/p."),
]


@pytest.mark.parametrize("kind, entry, expected", SYNTHETIC, ids=[c[0] for c in SYNTHETIC])
def test_reference_list_entry_of_a_synthetic_record(kind: str, entry: Entry, expected: str) -> None:
    assert render_synthetic(entry).text == expected


@pytest.mark.parametrize("key, options, expected", [
    ("ramazani1978", {"page_range": "full"}, "Ramazani, R. K. 1978. “Iran and the Arab-Israeli Conflict.” Middle East Journal 32, no. 4: 413–428."),
    ("farhang1985", {"page_range": "as-stored", "page_dash": "-"},
     "Farhang, Mansour. 1985. “The Iran-Iraq War: The Feud, the Tragedy, the Spoils.” World Policy Journal 2, no. 4: 659-80."),
    ("ramazani1978", {"issue": "parentheses"}, "Ramazani, R. K. 1978. “Iran and the Arab-Israeli Conflict.” Middle East Journal 32 (4): 413–28."),
    ("richards1975", {"issue": "parentheses"}, "Richards, Helmut. 1975. “America’s Shah Shahanshah’s Iran.” MERIP Reports, no. 40: 3–26."),
    ("walt2013", {"title_case": "sentence"}, "Walt, Stephen M. 2013. The origins of alliances. Ithaca, NY: Cornell University Press."),
    ("kaye2011", {"title_case": "sentence"},
     "Kaye, Dalia Dassa, Alireza Nader, and Parisa Roshan. 2011. “A brief history of Israeli-Iranian cooperation and confrontation.” In Israel and Iran: A dangerous rivalry, 9–18. RAND Corporation."),
])
def test_options(key: str, options: dict[str, str], expected: str) -> None:
    assert render(key, **options).text == expected


@pytest.mark.parametrize("key, expected", [
    ("walt2013", "Walt, Stephen M. 2013. <em>The Origins of Alliances</em>. Ithaca, NY: Cornell University Press."),
    ("kaye2011", "Kaye, Dalia Dassa, Alireza Nader, and Parisa Roshan. 2011. “A Brief History of Israeli-Iranian Cooperation and Confrontation.” "
                 "In <em>Israel and Iran: A Dangerous Rivalry</em>, 9–18. RAND Corporation."),
    ("alvandi2014b", "Alvandi, R. 2014b. “The Shah's Détente with Khrushchev: Iran's 1962 Missile Base Pledge to the Soviet Union.” "
                     '<em>Cold War History</em> 14, no. 3: 423–44. <a href="https://doi.org/10.1080/14682745.2014.890591">'
                     "https://doi.org/10.1080/14682745.2014.890591</a>."),
    ("frus1943", "<em>Foreign Relations of the United States Diplomatic Papers, The Conferences at Cairo and Tehran</em>. 1943. "
                 'U.S. Government Printing Office. <a href="http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran">'
                 "http://digital.library.wisc.edu/1711.dl/FRUS.FRUS1943CairoTehran</a>."),
    ("hersh1991", "Hersh, Seymour M. 1991. “The Iran Pipeline: A Hidden Chapter/A Special Report.; U.S. Said to Have Allowed Israel to Sell Arms to Iran.” "
                  "<em>The New York Times</em>, December 8, 1991."),
    ("chubin1994", "Chubin, Shahram. 1994. <em>Iran’s National Security Policy: Capabilities, Intentions, &amp; Impact</em>. "
                   "Washington D.C.: The Carnegie Endowment for International Peace."),
])
def test_html(key: str, expected: str) -> None:
    assert render(key).html == expected


def test_every_record_renders_without_protected_spans() -> None:
    for formatted in format_entries(data(), list(data().entries), STYLE).values():
        assert formatted.text and "<span" not in formatted.html


def test_is_a_pybtex_plugin_that_resolves_crossref() -> None:
    plugin = find_plugin("pybtex.style.formatting", "edition-chicago-author-date")
    assert plugin is ChicagoAuthorDateStyle
    [entry] = list(plugin().format_bibliography(data(), ["parsi2007b"]))
    assert entry.text.render_as("text").startswith("Parsi, Trita. 2007b. “Rise of Israel, Rise of Iran.” In Treacherous Alliance")


@pytest.mark.parametrize("options, message", [
    ({"page_range": "short"}, "chicago-author-date option page_range must be one of ('chicago', 'full', 'as-stored'), not 'short'"),
    ({"issue": "no."}, "chicago-author-date option issue must be one of ('cmos', 'parentheses'), not 'no.'"),
    ({"title_case": "title"}, "chicago-author-date option title_case must be one of ('as-stored', 'sentence'), not 'title'"),
])
def test_invalid_option_values_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ChicagoAuthorDateOptions(**options)
    with pytest.raises(ValueError, match=re.escape(message)):
        render("walt1987", **options)


def test_unknown_options_are_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown ChicagoAuthorDateOptions option\(s\): page_dashh \(known: "):
        render("walt1987", page_dashh="-")
    with pytest.raises(ValueError, match="unknown in-text option.*chicago-author-date: comma"):
        CHICAGO_AUTHOR_DATE.in_text(comma=",")


# ---------------------------------------------------------------- the in-text form (15.21-15.29, 15.32)

def _entry(kind: str, authors: list[str], year: str | None, editors: list[str] = [], **fields: str) -> Entry:
    persons = {role: people(*names) for role, names in (("author", authors), ("editor", editors)) if names}
    return Entry(kind, fields={**({"year": year} if year else {}), **fields}, persons=persons)


ENTRIES = {
    "walt1987": _entry("book", ["Walt, Stephen M."], "1987", title="The Origins of Alliances"),
    "walt1988": _entry("article", ["Walt, Stephen M."], "1988", title="Testing"),
    "sobhani1989": _entry("book", ["Sobhani, Sohrab"], "1989", title="The Pragmatic Entente"),
    "alvandi2014a": _entry("book", ["Alvandi, R."], "2014", title="Nixon"),
    "alvandi2014b": _entry("article", ["Alvandi, R."], "2014", title="Détente"),
    "two2011": _entry("inbook", ["Kaye, D. D.", "Nader, A."], "2011", title="History"),
    "three2011": _entry("inbook", ["Kaye, D. D.", "Nader, A.", "Roshan, P."], "2011", title="History"),
    "four2011": _entry("inbook", ["Kaye, D. D.", "Nader, A.", "Roshan, P.", "Parsi, T."], "2011", title="History"),
    "gause2009": _entry("book", ["Gause, III, F. G."], "2009", title="Gulf"),
    "osman2013": _entry("book", [], "2013", ["Osman, T."], title="Egypt"),
    "undated": _entry("book", ["Walt, Stephen M."], None, title="Alliances"),
    "baghdadpact1956": _entry("article", [], "1956", title="{Baghdad Pact}"),
    "frus1943": _entry("book", [], "1943", title="Foreign Relations of the United States"),
    "eisenhower2017": _entry("misc", [], "2017", title="The {Eisenhower Doctrine}, 1957"),
    "dos2008": _entry("misc", [], "2008", title="T", shortauthor="{Department of State}"),
}

IN_TEXT = [
    ("one author", "[@walt1987]", "(Walt 1987)"),
    ("page, label dropped", "[@walt1987, p. 22]", "(Walt 1987, 22)"),
    ("page range", "[@walt1987, pp. 22–23]", "(Walt 1987, 22–23)"),
    ("two authors", "[@two2011]", "(Kaye and Nader 2011)"),
    ("three authors", "[@three2011]", "(Kaye, Nader, and Roshan 2011)"),
    ("four or more: et al.", "[@four2011, p. 9]", "(Kaye et al. 2011, 9)"),
    ("several works", "[@walt1987; @sobhani1989]", "(Walt 1987; Sobhani 1989)"),
    ("same author, several years", "[@walt1987; @walt1988]", "(Walt 1987, 1988)"),
    ("year suffixes (15.19)", "[@alvandi2014a; @alvandi2014b]", "(Alvandi 2014a, 2014b)"),
    ("author suppressed", "[-@walt1988]", "(1988)"),
    ("author suppressed, with page", "[-@walt1988, p. 280]", "(1988, 280)"),
    ("name suffix left out", "[@gause2009, p. 22]", "(Gause 2009, 22)"),
    ("editor as creator", "[@osman2013]", "(Osman 2013)"),
    ("no date", "[@undated]", "(Walt n.d.)"),
    ("title as author, part of a work: quoted, no comma (15.32)", "[@baghdadpact1956]", "(“Baghdad Pact” 1956)"),
    ("title as author, web page: quoted", "[@eisenhower2017]", "(“The Eisenhower Doctrine, 1957” 2017)"),
    ("title as author, whole work: italic", "[@frus1943, p. 3]", "(Foreign Relations of the United States 1943, 3)"),
    ("shortauthor", "[@dos2008]", "(Department of State 2008)"),
]


def in_text(source: str) -> str:
    groups, bad = citations.parse(source)
    assert not bad
    return str(CHICAGO_AUTHOR_DATE.in_text().render(groups[0].cites, ENTRIES, lambda key: f"bib/#{key}"))


@pytest.mark.parametrize("kind, source, expected", IN_TEXT, ids=[c[0] for c in IN_TEXT])
def test_in_text_citation(kind: str, source: str, expected: str) -> None:
    assert re.sub(r"<[^>]+>", "", in_text(source)) == expected


def test_in_text_html_links_each_work_with_its_locator_apart() -> None:
    assert in_text("[@frus1943; @walt1987, p. 3; @baghdadpact1956]") == (
        '<span class="citation">(<a class="cite" href="bib/#frus1943" aria-describedby="card-frus1943-ref">'
        "<em>Foreign Relations of the United States</em> 1943</a>; "
        '<a class="cite" href="bib/#walt1987" aria-describedby="card-walt1987-ref">Walt 1987, <span>3</span></a>; '
        '<a class="cite" href="bib/#baghdadpact1956" aria-describedby="card-baghdadpact1956-ref">“Baghdad Pact” 1956</a>)</span>')


@pytest.mark.parametrize("key, html, text", [
    ("walt1987", "Walt 1987", "Walt 1987"),
    ("three2011", "Kaye, Nader, and Roshan 2011", "Kaye, Nader, and Roshan 2011"),
    ("baghdadpact1956", "“Baghdad Pact” 1956", "“Baghdad Pact” 1956"),
    ("frus1943", "<em>Foreign Relations of the United States</em> 1943", "Foreign Relations of the United States 1943"),
])
def test_in_text_label(key: str, html: str, text: str) -> None:
    form = CHICAGO_AUTHOR_DATE.in_text()
    assert (str(form.label(key, ENTRIES[key])), form.label_text(key, ENTRIES[key])) == (html, text)


def test_the_pair_names_its_halves() -> None:
    assert (CHICAGO_AUTHOR_DATE.name, CHICAGO_AUTHOR_DATE.reference_list, CHICAGO_AUTHOR_DATE.list_name) == (
        "chicago-author-date", "edition-chicago-author-date", "references")
    assert not CHICAGO_AUTHOR_DATE.in_notes
    assert find_plugin("pybtex.style.formatting", CHICAGO_AUTHOR_DATE.reference_list) is ChicagoAuthorDateStyle


def test_in_text_labels_agree_with_the_reference_list_for_every_record() -> None:
    """The year with its suffix, and a title standing in for the author quoted or italic, as the list prints them."""
    keys = list(data().entries)
    formatted = format_entries(data(), keys, STYLE)
    prepared = prepare(data(), keys, year_suffixes="key")
    form = CHICAGO_AUTHOR_DATE.in_text()
    for key in keys:
        label, text = form.label_text(key, prepared[key]), formatted[key].text
        year = label.rsplit(" ", 1)[1]
        assert re.search(r"(^|[.”?] )" + re.escape(year) + r"\. ", text), (key, label, text)
        if "title" in prepared[key].fields and not ({"author", "editor"} & set(prepared[key].persons)):
            assert label.startswith("“") == text.startswith("“"), (key, label, text)

