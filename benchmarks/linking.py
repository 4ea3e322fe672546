"""Linking time of glossary.linker for (terms, words) sizes: plain Python, no database.

Run: python -m benchmarks.linking
"""

import random
import statistics
import time

from glossary.linker import Matcher, Term, link_terms

SIZES = [(100, 1_000), (1_000, 5_000), (5_000, 5_000)]
FILLER = (
    "the data platform team moves analytics workloads into a cloud where machines and "
    "sensors report what they do and people decide faster with better information about "
    "customers products and processes across the whole company every single day"
).split()


def make_terms(count, rng):
    terms = []
    for number in range(count):
        name = f"{rng.choice(['Smart', 'Edge', 'Data', 'Cloud', 'Stream'])} Concept{number}"
        terms.append(
            Term(
                key=f"term-{number}",
                url=f"/glossary/term-{number}/",
                forms=(name, f"Concept{number}s", f"C{number}-System"),
                exact_forms=(f"C{number}",),
            )
        )
    return terms


def make_html(words, terms, rng):
    """Paragraphs of about 60 words, a term mention every ~25 words, some inline markup."""
    paragraphs, current = [], []
    for index in range(words):
        if index % 25 == 12:
            current.append(rng.choice(terms).forms[0])
        elif index % 40 == 7:
            current.append("<b>important</b>")
        elif index % 90 == 30:
            current.append('<a href="/elsewhere/">a link</a>')
        else:
            current.append(rng.choice(FILLER))
        if len(current) >= 60:
            paragraphs.append("<p>" + " ".join(current) + ".</p>")
            current = []
        if index % 600 == 599:
            paragraphs.append("<h2>A heading with Concept1 inside</h2>")
    if current:
        paragraphs.append("<p>" + " ".join(current) + ".</p>")
    return "\n".join(paragraphs)


def measure(term_count, word_count, repeat=30):
    rng = random.Random(term_count * 7 + word_count)
    terms = make_terms(term_count, rng)
    started = time.perf_counter()
    matcher = Matcher(terms)
    build_ms = (time.perf_counter() - started) * 1000
    html = make_html(word_count, terms, rng)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = link_terms(html, matcher)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "terms": term_count,
        "words": word_count,
        "build_ms": build_ms,
        "median_ms": statistics.median(timings),
        "p90_ms": sorted(timings)[int(len(timings) * 0.9) - 1],
        "links": len(result.linked),
        "html_kb": len(html) / 1024,
    }


def report():
    lines = [
        "| terms | words | HTML | matcher build | linking median | linking p90 | links |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for term_count, word_count in SIZES:
        row = measure(term_count, word_count)
        lines.append(
            f"| {row['terms']:,} | {row['words']:,} | {row['html_kb']:.0f} KB "
            f"| {row['build_ms']:.1f} ms | {row['median_ms']:.2f} ms | {row['p90_ms']:.2f} ms "
            f"| {row['links']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
