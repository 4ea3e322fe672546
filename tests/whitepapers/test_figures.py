"""Week bucketing, rates and the bar chart, as plain Python without a database."""

import datetime
import re

from whitepapers import figures
from whitepapers.models import GateEventKind

MONDAY = datetime.date(2024, 5, 6)


def test_kinds_match_the_gate_event_kinds():
    assert set(figures.KINDS) == set(GateEventKind.values)


def test_week_starts_are_mondays_oldest_first_ending_with_this_week():
    weeks = figures.week_starts(datetime.date(2024, 5, 9), count=3)
    assert weeks == [datetime.date(2024, 4, 22), datetime.date(2024, 4, 29), MONDAY]


def test_a_sunday_belongs_to_the_week_that_began_six_days_before():
    assert figures.week_start(datetime.date(2024, 5, 12)) == MONDAY


def test_weeks_run_across_the_new_year():
    weeks = figures.week_starts(datetime.date(2025, 1, 1), count=2)
    assert weeks == [datetime.date(2024, 12, 23), datetime.date(2024, 12, 30)]


def test_rows_land_in_their_week_and_kind():
    weeks = figures.week_starts(MONDAY, count=2)
    rows = [(1, "view", weeks[0], 5), (1, "download", MONDAY, 2), (1, "view", MONDAY, 3)]
    [result] = figures.weekly_figures(rows, weeks, keys=[1])
    assert result.counts["view"] == [5, 3]
    assert result.counts["download"] == [0, 2]


def test_quiet_whitepapers_get_zeros():
    weeks = figures.week_starts(MONDAY, count=2)
    results = figures.weekly_figures([], weeks, keys=[1, 2])
    assert [r.key for r in results] == [1, 2]
    assert all(r.is_empty for r in results)


def test_rows_outside_the_weeks_or_of_other_kinds_are_left_out():
    weeks = figures.week_starts(MONDAY, count=1)
    rows = [(1, "view", MONDAY - datetime.timedelta(days=1), 9), (1, "click", MONDAY, 9)]
    [result] = figures.weekly_figures(rows, weeks, keys=[1])
    assert result.is_empty


def test_keys_only_found_in_rows_follow_the_given_keys():
    results = figures.weekly_figures([(None, "view", MONDAY, 1)], [MONDAY], keys=[7])
    assert [r.key for r in results] == [7, None]


def test_conversion_rate_is_downloads_per_view():
    assert figures.conversion_rate(views=8, downloads=2) == 0.25


def test_conversion_rate_without_views_is_none():
    assert figures.conversion_rate(views=0, downloads=3) is None


def test_percent_reads_well():
    assert figures.percent(0.125) == "12.5 %"
    assert figures.percent(None) == "–"


def test_rows_are_newest_first_with_the_rate_of_their_week():
    weeks = figures.week_starts(MONDAY, count=2)
    rows = [(1, "view", MONDAY, 4), (1, "download", MONDAY, 1)]
    [result] = figures.weekly_figures(rows, weeks, keys=[1])
    assert list(result.rows()) == [(MONDAY, [4, 0, 0, 1], "25.0 %"), (weeks[0], [0] * 4, "–")]


def test_tick_steps_are_round():
    assert [figures.tick_step(n) for n in (0, 3, 7, 11, 100, 950)] == [1, 1, 2, 5, 50, 500]


def chart_for(counts, weeks=2):
    week_list = figures.week_starts(MONDAY, count=weeks)
    data = figures.WeeklyFigures(1, week_list, {k: list(v) for k, v in counts.items()})
    return figures.bar_chart(data)


def test_chart_draws_one_bar_per_nonzero_count():
    chart = chart_for({"view": [4, 0], "download": [1, 2]})
    assert len(chart.bars) == 3


def test_bar_heights_are_proportional_and_stay_inside_the_plot():
    chart = chart_for({"view": [4, 0], "download": [2, 0]})
    view, download = chart.bars
    assert view.height == 2 * download.height
    assert all(
        chart.top <= bar.y and bar.y + bar.height <= chart.bottom + 1e-9 for bar in chart.bars
    )


def test_bars_of_a_week_sit_side_by_side_in_its_group():
    chart = chart_for({"view": [1, 1], "submission": [1, 1]})
    first_view, first_submission, second_view, _ = chart.bars
    assert first_view.x + first_view.width <= first_submission.x + 1e-9
    assert first_submission.x < second_view.x


def test_bars_say_what_they_count():
    chart = chart_for({"download": [0, 3]})
    assert chart.bars[0].label == "Downloads, week of 6 May: 3"


def render(title="Hadoop 2", counts=None):
    chart = chart_for(counts or {"view": [4, 1], "download": [1, 0]})
    return str(figures.render_bar_chart_svg(chart, title, "Numbers below.", "chart-1"))


def test_svg_is_an_image_with_a_title_and_description():
    svg = render()
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-1-title chart-1-desc"' in svg
    assert '<title id="chart-1-title">Hadoop 2</title>' in svg
    assert '<desc id="chart-1-desc">Numbers below.</desc>' in svg


def test_svg_has_no_scripts_and_no_style_attributes():
    svg = render()
    assert "<script" not in svg
    assert "style=" not in svg


def test_svg_escapes_titles():
    svg = render(title='<script>alert("x")</script>')
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg


def test_svg_numbers_use_a_decimal_point():
    svg = render()
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]+)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers)
