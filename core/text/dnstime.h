/*
 * dnstime.h - DNSSEC time values: the 32-bit serial-arithmetic timestamps of
 * RRSIG records (RFC 4034 §3.1.5) and their YYYYMMDDHHmmSS presentation.
 *
 * Nothing here reads the clock: every "now" is a parameter.
 */
#ifndef CS_DNSTIME_H
#define CS_DNSTIME_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

/* Seconds since 1970-01-01 UTC for a civil date; no range checks. */
int64_t cs_time_from_civil(int year, unsigned month, unsigned day, unsigned hour, unsigned min,
			   unsigned sec);

/* The absolute time (seconds since the epoch) denoted by the 32-bit RRSIG
 * value t, taken as the one within 2^31 seconds of now (RFC 4034 §3.1.5,
 * serial number arithmetic of RFC 1982). */
int64_t cs_dnstime_resolve(uint32_t t, int64_t now);

/* Write t as YYYYMMDDHHmmSS (UTC) into out; out needs 16 octets. Years
 * outside 0..9999 are clamped. Returns out. */
const char *cs_time_format_compact(int64_t t, char out[16]);

/* Write t as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into out (24 octets). */
const char *cs_time_format_iso(int64_t t, char out[24]);

/* Parse an RRSIG time field: 14 digits YYYYMMDDHHmmSS, or a plain decimal
 * number of seconds (RFC 4034 §3.2). The result is the 32-bit wire value.
 * Returns CS_OK, CS_ESYNTAX or CS_ERANGE. */
cs_err cs_time_parse_rrsig(const char *text, size_t len, uint32_t *out);

/* Parse an absolute time: ISO 8601 "YYYY-MM-DD[THH:MM[:SS]][Z]", 14-digit
 * YYYYMMDDHHmmSS, or "@SECONDS". Returns CS_OK or CS_ESYNTAX. */
cs_err cs_time_parse_iso(const char *text, int64_t *out);

#endif
