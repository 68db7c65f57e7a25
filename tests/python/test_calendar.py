"""Working calendars: the default week, calendar files, arithmetic, zones and building one."""

import datetime

import pytest

import sopengine
from conftest import NATIONAL_2025


def test_the_default_calendar(wib):
    assert wib.utc_offset == datetime.timedelta(hours=7)
    assert wib.tzinfo.tzname(None) == "WIB"
    assert wib.day_minutes == 480 and wib.week_minutes == 2400
    assert wib.day(0) is None and wib.day(1) == sopengine.WorkingHours(480, 960)
    assert wib.is_working_day(datetime.date(2024, 3, 12))
    assert not wib.is_working_day(datetime.date(2024, 3, 16))


def test_adding_working_time_skips_nights_and_weekends(wib):
    friday = wib.parse("2024-03-15T15:00")
    assert wib.add_working_minutes(friday, 120) == wib.parse("2024-03-18T09:00")
    assert wib.add(friday, sopengine.TimeAmount(days=1)) == wib.parse("2024-03-18T15:00")
    assert wib.working_minutes_between(friday, wib.parse("2024-03-18T09:00")) == 120
    assert wib.format(friday) == "2024-03-15T15:00:00+07:00"


def test_parse_refuses_what_is_not_a_time(wib):
    with pytest.raises(ValueError, match="not a time"):
        wib.parse("kemarin")
    with pytest.raises(ValueError, match="naive"):
        wib.format(datetime.datetime(2024, 3, 12))


def test_the_national_calendar_file_skips_nyepi_idul_fitri_and_cuti_bersama():
    calendar = sopengine.load_calendar_file(NATIONAL_2025)
    assert calendar.name != ""
    assert not calendar.is_working_day(datetime.date(2025, 3, 31))  # Idul Fitri
    assert not calendar.is_working_day(datetime.date(2025, 4, 7))  # cuti bersama
    kinds = {off.kind for off in calendar.days_off}
    assert kinds == {sopengine.DayOffKind.HOLIDAY, sopengine.DayOffKind.CUTI_BERSAMA}
    assert calendar.periods and calendar.periods[0].week[1] is not None
    calendar.cuti_bersama_off = False
    assert calendar.is_working_day(datetime.date(2025, 4, 7))


def test_a_bad_calendar_file_is_a_load_error(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<calendar>")
    with pytest.raises(sopengine.LoadError) as raised:
        sopengine.load_calendar_file(broken)
    assert raised.value.diagnostics[0].file == str(broken)
    result = sopengine.try_load_calendar_file(broken)
    assert not result and result.calendar is None and result.diagnostics


def test_building_a_calendar_and_reading_it_back(wib):
    wita = sopengine.Calendar()
    wita.name = "Pelayanan Kalbar"
    wita.utc_offset = datetime.timedelta(hours=8)
    wita.set_day(6, sopengine.WorkingHours(8 * 60, 12 * 60)).add_holiday(datetime.date(2025, 8, 18))
    wita.set_day(5, sopengine.WorkingHours(450, 990, [sopengine.TimeSpan(690, 780)]))
    wita.add_day_off(sopengine.DayOff(datetime.date(2025, 12, 26), sopengine.DayOffKind.CUTI_BERSAMA, "Cuti bersama Natal"))
    assert wita.tzinfo.tzname(None) == "WITA"
    assert wita.day(5).minutes == 540 - 90
    assert not wita.is_working_day(datetime.date(2025, 8, 18))
    again = sopengine.load_calendar_string(wita.to_xml())
    assert again == wita and again != wib
    assert wita.parse("2025-08-19T08:00").utcoffset() == datetime.timedelta(hours=8)


def test_invalid_settings_raise_with_a_code(wib):
    calendar = sopengine.Calendar()
    with pytest.raises(sopengine.Error) as raised:
        calendar.set_day(9, None)
    assert raised.value.code is sopengine.ErrorCode.INVALID_ARGUMENT
    with pytest.raises(sopengine.Error):
        calendar.utc_offset = datetime.timedelta(hours=15)
    with pytest.raises(ValueError, match="whole minutes"):
        calendar.utc_offset = datetime.timedelta(seconds=30)
    closed = sopengine.Calendar()
    for weekday in range(7):
        closed.set_day(weekday, None)
    with pytest.raises(sopengine.Error) as raised:
        closed.add_working_minutes(wib.parse("2024-03-12T08:00"), 60)
    assert raised.value.code is sopengine.ErrorCode.NO_WORKING_TIME
