from blog.text import plain_text_of_stream, reading_time_minutes


def test_reading_time_counts_words_at_two_hundred_per_minute():
    assert reading_time_minutes("word " * 600) == 3


def test_reading_time_is_at_least_one_minute():
    assert reading_time_minutes("") == 1


def test_plain_text_strips_markup_and_skips_non_text_values():
    raw = [
        {"type": "heading", "value": {"text": "What is IoT?", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Things &amp; <b>devices</b></p>"},
        {"type": "figure", "value": {"image": 7, "caption": "A sensor"}},
    ]
    text = plain_text_of_stream(raw)
    assert "What is IoT?" in text
    assert "Things & devices" in " ".join(text.split())
    assert "h2" not in text
    assert "7" not in text
    assert "A sensor" in text
