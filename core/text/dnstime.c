#include "text/dnstime.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * well-known days_from_civil algorithm, written from its description). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int64_t cs_time_from_civil(int year, unsigned month, unsigned day, unsigned hour, unsigned min,
			   unsigned sec)
{
	return days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}

int64_t cs_dnstime_resolve(uint32_t t, int64_t now)
{
	uint32_t now32 = (uint32_t)now;
	int32_t delta = (int32_t)(t - now32);
	return now + delta;
}

static void split(int64_t t, int64_t *y, unsigned *mo, unsigned *d, unsigned *h, unsigned *mi,
		  unsigned *s)
{
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, y, mo, d);
	*h = (unsigned)(rem / 3600);
	*mi = (unsigned)(rem / 60 % 60);
	*s = (unsigned)(rem % 60);
	if (*y < 0)
		*y = 0;
	if (*y > 9999)
		*y = 9999;
}

const char *cs_time_format_compact(int64_t t, char out[16])
{
	int64_t y;
	unsigned mo, d, h, mi, s;
	split(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, 16, "%04d%02u%02u%02u%02u%02u", (int)y, mo, d, h, mi, s);
	return out;
}

const char *cs_time_format_iso(int64_t t, char out[24])
{
	int64_t y;
	unsigned mo, d, h, mi, s;
	split(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, 24, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, mo, d, h, mi, s);
	return out;
}

/* Parse exactly n decimal digits. */
static int digits(const char *p, size_t n, unsigned *out)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	*out = v;
	return 1;
}

/* A date that exists (leap years per the Gregorian rules) and a time of day
 * (a leap second allowed). */
static int valid_civil(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (mo < 1 || mo > 12)
		return 0;
	unsigned leap = mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	return d >= 1 && d <= mdays[mo - 1] + leap && h <= 23 && mi <= 59 && s <= 60;
}

static cs_err parse_compact(const char *p, int64_t *out)
{
	unsigned y, mo, d, h, mi, s;
	if (!digits(p, 4, &y) || !digits(p + 4, 2, &mo) || !digits(p + 6, 2, &d) ||
	    !digits(p + 8, 2, &h) || !digits(p + 10, 2, &mi) || !digits(p + 12, 2, &s))
		return CS_ESYNTAX;
	if (!valid_civil(y, mo, d, h, mi, s))
		return CS_ESYNTAX;
	*out = cs_time_from_civil((int)y, mo, d, h, mi, s);
	return CS_OK;
}

cs_err cs_time_parse_rrsig(const char *text, size_t len, uint32_t *out)
{
	if (len == 14) {
		int64_t t;
		cs_err err = parse_compact(text, &t);
		if (err != CS_OK)
			return err;
		*out = (uint32_t)t;
		return CS_OK;
	}
	if (len == 0 || len > 10)
		return CS_ESYNTAX;
	unsigned long long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return CS_ESYNTAX;
		v = v * 10 + (unsigned)(text[i] - '0');
	}
	if (v > UINT32_MAX)
		return CS_ERANGE;
	*out = (uint32_t)v;
	return CS_OK;
}

cs_err cs_time_parse_iso(const char *text, int64_t *out)
{
	size_t n = strlen(text);
	if (n > 1 && text[0] == '@') {
		long long v = 0;
		size_t i = 1;
		int neg = text[1] == '-';
		if (neg)
			i++;
		if (i == n)
			return CS_ESYNTAX;
		for (; i < n; i++) {
			if (text[i] < '0' || text[i] > '9' || v > 1000000000000LL)
				return CS_ESYNTAX;
			v = v * 10 + (text[i] - '0');
		}
		*out = neg ? -v : v;
		return CS_OK;
	}
	if (n == 14)
		return parse_compact(text, out);
	unsigned y, mo, d, h = 0, mi = 0, s = 0;
	if (n < 10 || !digits(text, 4, &y) || text[4] != '-' || !digits(text + 5, 2, &mo) ||
	    text[7] != '-' || !digits(text + 8, 2, &d))
		return CS_ESYNTAX;
	const char *p = text + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
			return CS_ESYNTAX;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &s))
				return CS_ESYNTAX;
			p += 3;
		}
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	if (*p != 0 || !valid_civil(y, mo, d, h, mi, s))
		return CS_ESYNTAX;
	*out = cs_time_from_civil((int)y, mo, d, h, mi, s);
	return CS_OK;
}
