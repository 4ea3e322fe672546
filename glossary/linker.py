"""Link glossary terms in HTML: plain Python, no database, no Django.

How matching works:

- Each term has surface forms (its name and variants). A form is matched case-insensitively
  unless the term marks it case-sensitive ("IT" must not match "it").
- Whole words only: the characters around a match must not be letters, digits or "_".
  Hyphens and punctuation are boundaries, so "Industrie 4.0" matches inside
  "Industrie-4.0-Projekt", but "IoT" does not match "IoTs" (list "IoTs" as a variant to link
  it) and nothing matches inside "biotech".
- Longest match wins, leftmost first: "Industrial Internet of Things" beats "Internet of
  Things" and "Industrial Internet".
- Only the first occurrence of each term is linked, counting links already in the HTML
  (an editor's manual link to a term counts as its first occurrence).
- Text inside a, h1–h6, code, pre, kbd, samp, button, label, select, option, textarea,
  script, style, svg, math, or any element with the class `no-glossary`, is never touched;
  neither are attributes. Matches do not cross tags or entities' boundaries in the
  structure: the output is the input with `<a>` elements inserted around text, nothing else.

The multi-pattern search uses Aho–Corasick automata (pyahocorasick), so the cost depends on
the length of the text and the number of matches, not on the number of terms.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

import ahocorasick

__all__ = ["LinkResult", "Matcher", "Term", "link_terms"]

SKIP_TAGS = frozenset(
    "a h1 h2 h3 h4 h5 h6 code pre kbd samp button label select option textarea "
    "script style svg math template".split()
)
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
PROTECT_CLASS = "no-glossary"
TERM_ATTRIBUTE = "data-glossary-term"
NEWLINE = re.compile("\n")
SPACE_LIKE = str.maketrans({"-": " ", "\xa0": " ", "\u2011": " ", "\n": " ", "\r": " ", "\t": " "})
UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True)
class Term:
    """A linkable term: `key` identifies it (its slug), `forms` are the texts that match it."""

    key: str
    url: str
    forms: tuple[str, ...]
    exact_forms: tuple[str, ...] = ()


@dataclass
class LinkResult:
    html: str
    linked: list[str] = field(default_factory=list)  # keys linked here, in order
    manual: list[str] = field(default_factory=list)  # keys the input already linked


def _is_word_char(char):
    return char.isalnum() or char == "_"


def _searchable(text):
    """Hyphens, line breaks and no-break spaces match spaces ("Industrie-4.0" finds
    "Industrie 4.0")."""
    return text.translate(SPACE_LIKE)


def _lower_same_length(text):
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") lower to two; keep those as they are so offsets stay aligned.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Matcher:
    """All terms' forms in two automata (case-insensitive and exact); build once, reuse."""

    def __init__(self, terms):
        self.terms = {term.key: term for term in terms}
        self._folded = ahocorasick.Automaton()
        self._exact = ahocorasick.Automaton()
        for term in terms:
            exact = set(term.exact_forms)
            for form in {*term.forms, *term.exact_forms}:
                form = _searchable(" ".join(form.split()))
                if not form:
                    continue
                if form in {_searchable(" ".join(f.split())) for f in exact}:
                    self._add(self._exact, form, term.key)
                else:
                    self._add(self._folded, _lower_same_length(form), term.key)
        for automaton in (self._folded, self._exact):
            if len(automaton):
                automaton.make_automaton()

    @staticmethod
    def _add(automaton, form, key):
        # Two terms may share a form; the first one added keeps it.
        if form not in automaton:
            automaton.add_word(form, (len(form), key))

    def __len__(self):
        return len(self.terms)

    def find(self, text):
        """Non-overlapping whole-word matches as (start, end, key), leftmost-longest first."""
        candidates = []
        searchable = _searchable(text)
        for automaton, haystack in (
            (self._folded, _lower_same_length(searchable)),
            (self._exact, searchable),
        ):
            if not len(automaton):
                continue
            for end_index, (length, key) in automaton.iter(haystack):
                end = end_index + 1
                start = end - length
                if start > 0 and _is_word_char(text[start - 1]):
                    continue
                if end < len(text) and _is_word_char(text[end]):
                    continue
                candidates.append((start, -length, key))
        candidates.sort()
        matches = []
        position = 0
        for start, negative_length, key in candidates:
            if start >= position:
                end = start - negative_length
                matches.append((start, end, key))
                position = end
        return matches


class _Tokens(HTMLParser):
    """Split HTML into raw pieces (tags, text, entities), remembering where each starts."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.events = []  # (kind, offset, tag, attrs)
        self._unfinished = False  # an unfinished tag at the end of input has begun
        self._line_offsets = [0] + [match.end() for match in NEWLINE.finditer(html)]
        self.feed(html)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", self._offset(), tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("void", self._offset(), tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", self._offset(), tag, None))

    def handle_data(self, data):
        # At the end of input the parser hands over an unfinished tag ("<b title='IoT")
        # as text; it is markup, not words.
        offset = self._offset()
        starts_tag = UNFINISHED_TAG.match(self.html, offset) is not None
        self._unfinished = self._unfinished or (data.startswith("<") and starts_tag)
        self.events.append(("other" if self._unfinished else "text", offset, None, None))

    def handle_entityref(self, name):
        self.events.append(("entity", self._offset(), None, None))

    def handle_charref(self, name):
        self.events.append(("entity", self._offset(), None, None))

    def handle_comment(self, data):
        self.events.append(("other", self._offset(), None, None))

    def handle_decl(self, decl):
        self.events.append(("other", self._offset(), None, None))

    def handle_pi(self, data):
        self.events.append(("other", self._offset(), None, None))

    def unknown_decl(self, data):
        self.events.append(("other", self._offset(), None, None))

    def pieces(self):
        """(kind, raw text, tag, attrs) for every piece, covering the whole input."""
        events = self.events
        for index, (kind, offset, tag, attrs) in enumerate(events):
            end = events[index + 1][1] if index + 1 < len(events) else len(self.html)
            yield kind, self.html[offset:end], tag, attrs
        if not events:
            yield "text", self.html, None, None


def _protects(tag, attrs):
    if tag in SKIP_TAGS:
        return True
    for name, value in attrs or ():
        if name == "class" and value and PROTECT_CLASS in value.split():
            return True
    return False


def _linked_key(attrs):
    for name, value in attrs or ():
        if name == TERM_ATTRIBUTE and value:
            return value
    return None


def _opening(term):
    return (
        f'<a class="glossary-term" href="{escape(term.url)}" '
        f'{TERM_ATTRIBUTE}="{escape(term.key)}" '
        f'aria-describedby="glossary-definition-{escape(term.key)}">'
    )


def link_terms(html, matcher, exclude=(), already_linked=()):
    """`html` with the first occurrence of each term linked, and the keys it linked.

    `exclude` lists term keys never to link here (e.g. a term on its own page, or terms an
    editor excluded); `already_linked` lists keys linked earlier on the same page.
    """
    if not html or not len(matcher):
        return LinkResult(html or "")
    pieces, runs, manual = _scan(html)
    done = set(exclude) | set(already_linked) | set(manual)
    # All linkable text as one string; runs are separated by a character no form contains.
    text = "\x00".join(visible for _, visible, _ in runs)
    run_starts = []
    position = 0
    for _, visible, _ in runs:
        run_starts.append(position)
        position += len(visible) + 1
    insertions = {}  # piece index -> [(offset in its raw text, markup to insert)]
    linked = []
    for start, end, key in matcher.find(text):
        if key in done:
            continue
        done.add(key)
        linked.append(key)
        run_index = bisect_right(run_starts, start) - 1
        run, run_start = runs[run_index], run_starts[run_index]
        first_piece, first_offset = _locate(run, start - run_start, pieces, at_end=False)
        last_piece, last_offset = _locate(run, end - 1 - run_start, pieces, at_end=True)
        insertions.setdefault(first_piece, []).append((first_offset, _opening(matcher.terms[key])))
        insertions.setdefault(last_piece, []).append((last_offset, "</a>"))
    if not insertions:
        return LinkResult(html, [], manual)
    output = list(pieces)
    for piece_index, marks in insertions.items():
        raw = pieces[piece_index]
        parts = []
        position = 0
        for offset, markup in sorted(marks, key=lambda mark: (mark[0], mark[1] != "</a>")):
            parts.append(raw[position:offset])
            parts.append(markup)
            position = offset
        parts.append(raw[position:])
        output[piece_index] = "".join(parts)
    return LinkResult("".join(output), linked, manual)


def _scan(html):
    """Raw pieces of `html`, the linkable text runs, and term keys linked by hand.

    A run is (first piece index, visible text, [(piece index, visible start)]): a stretch of
    text and entities between tags, outside protected elements.
    """
    pieces = []
    runs = []
    manual = []
    stack = []  # (tag, protects) of open elements other than links
    protected_depth = 0
    open_links = 0  # browsers keep a link open across other end tags until its </a>
    current = None  # [first piece, visible parts, piece starts, length]

    def end_run():
        nonlocal current
        if current is not None:
            runs.append((current[0], "".join(current[1]), current[2]))
            current = None

    for kind, raw, tag, attrs in _Tokens(html).pieces():
        index = len(pieces)
        pieces.append(raw)
        if kind in ("text", "entity"):
            if protected_depth or open_links:
                continue
            visible = raw if kind == "text" else unescape(raw)
            if current is None:
                current = [index, [], [], 0]
            current[1].append(visible)
            current[2].append((index, current[3], kind == "entity"))
            current[3] += len(visible)
            continue
        end_run()
        if kind == "start" and tag == "a":
            open_links += 1
            if (key := _linked_key(attrs)) and key not in manual:
                manual.append(key)
        elif kind == "start" and tag not in VOID_TAGS:
            protects = _protects(tag, attrs)
            stack.append((tag, protects))
            protected_depth += protects
        elif kind == "end" and tag == "a":
            open_links = max(0, open_links - 1)
        elif kind == "end":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == tag:
                    protected_depth -= sum(p for _, p in stack[depth:])
                    del stack[depth:]
                    break
    end_run()
    return pieces, runs, manual


def _locate(run, visible_offset, pieces, at_end):
    """Where, in raw pieces, a link must open before (or close after) a visible character."""
    _, _, starts = run
    position = bisect_right([start for _, start, _ in starts], visible_offset) - 1
    piece_index, piece_start, is_entity = starts[position]
    if is_entity:  # never cut an entity: open before it, close after it
        return piece_index, len(pieces[piece_index]) if at_end else 0
    return piece_index, visible_offset - piece_start + at_end
