package dev.perch.loadgen.target;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads HTTP dates ({@code Last-Modified}) into epoch seconds. The IMF-fixdate form servers send,
 * {@code Wed, 02 Dec 2026 01:20:18 GMT}, is read by position; anything else through
 * {@link DateTimeFormatter#RFC_1123_DATE_TIME}.
 */
final class HttpDates {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private HttpDates() {}

  static long epochSeconds(String date) {
    int month = date.length() == 29 && date.endsWith(" GMT") ? MONTHS.indexOf(date.substring(8, 11)) : -1;
    if (month < 0 || month % 3 != 0) {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    }
    long days = daysFromCivil(number(date, 12, 16), month / 3 + 1, number(date, 5, 7));
    return days * 86_400 + number(date, 17, 19) * 3_600L + number(date, 20, 22) * 60L + number(date, 23, 25);
  }

  private static int number(String text, int from, int to) {
    return Integer.parseInt(text, from, to, 10);
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
