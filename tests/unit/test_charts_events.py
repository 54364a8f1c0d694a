"""Timeline event marks on the weekly chart: pure geometry."""

from datetime import date

from app.charts.bars import event_marks, weekly_chart


def test_marks_sit_at_their_day_inside_their_week_and_outside_ones_are_dropped():
    chart = weekly_chart({date(2026, 3, 2): 4, date(2026, 3, 16): 2})
    bars = chart.bars
    assert [b.start for b in bars] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    marks = event_marks(
        chart,
        [
            (date(2026, 3, 18), "Wednesday", "en"),
            (date(2026, 3, 2), "Monday", "cy"),
            (date(2026, 2, 1), "Before", "en"),
            (date(2026, 4, 1), "After", "en"),
        ],
        href=lambda day: f"/compare?at={day}",
    )
    assert [(m.number, m.title) for m in marks] == [(1, "Monday"), (2, "Wednesday")]
    step = bars[1].x - bars[0].x
    assert marks[0].x == round(bars[0].x + step * 0.5 / 7, 2)
    assert marks[1].x == round(bars[2].x + step * 2.5 / 7, 2)
    assert bars[0].x < marks[0].x < bars[1].x and marks[1].href == "/compare?at=2026-03-18"


def test_no_weeks_no_marks():
    assert event_marks(weekly_chart({}), [(date(2026, 3, 2), "x", "en")]) == []
