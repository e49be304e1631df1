"""The dates supervisors' spreadsheets hold: dd/mm/yyyy, yyyy-mm-dd, Excel serial numbers, with
or without a time."""

import re
from datetime import date, datetime, time, timedelta

EXCEL_EPOCH = datetime(1899, 12, 30)
FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y",
           "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
NOON = time(12, 0)  # a day with no time is logged at midday
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_when(value: object) -> datetime:
    """A datetime from a cell; ValueError when it is not a date."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, NOON)
    if isinstance(value, int | float):
        return _excel(float(value))
    text = str(value).strip()
    if text.replace(".", "", 1).isdigit():
        return _excel(float(text))
    if match := DAY_FIRST.fullmatch(text):  # the common case, without strptime's cost
        day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, second) if match[4] else \
                datetime.combine(date(year, month, day), NOON)
        except ValueError:
            raise ValueError("not a date (use dd/mm/yyyy or yyyy-mm-dd, with an optional hh:mm)") from None
    for form in FORMATS:
        try:
            parsed = datetime.strptime(text, form)
        except ValueError:
            continue
        return parsed if "%H" in form else datetime.combine(parsed.date(), NOON)
    raise ValueError("not a date (use dd/mm/yyyy or yyyy-mm-dd, with an optional hh:mm)")


def _excel(serial: float) -> datetime:
    if not 1 <= serial < 2958466:
        raise ValueError("not a date (an Excel date number is out of range)")
    moment = EXCEL_EPOCH + timedelta(days=serial)
    return moment if serial % 1 else datetime.combine(moment.date(), NOON)
