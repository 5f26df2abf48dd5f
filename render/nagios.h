/*
 * nagios.h - `chainscope check --nagios`: the analysis as a Nagios/Icinga
 * plugin result (monitoring-plugins guidelines): a status with its exit
 * code and one line of text with performance data.
 *
 *   DNSSEC OK - www.example. A secure, no findings, next break in 6d 23h |
 *   next_break=601200s;604800:;172800:;0 errors=0;;;0 warnings=0;;;0
 *   servers_failing=0;;;0 time=0.183s;;;0
 *
 * (on one line). The next_break thresholds are ranges "N:" because the
 * value alerts when it falls below them.
 */
#ifndef CS_RENDER_NAGIOS_H
#define CS_RENDER_NAGIOS_H

#include "analyze/analyze.h"
#include "base/buf.h"
#include "dns/name.h"

#include <stdint.h>

/* Plugin states; the values are the plugin's exit codes. */
typedef enum {
	CS_NAGIOS_OK = 0,
	CS_NAGIOS_WARNING = 1,
	CS_NAGIOS_CRITICAL = 2,
	CS_NAGIOS_UNKNOWN = 3,
} cs_nagios_status;

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *cs_nagios_status_str(cs_nagios_status s);

typedef struct {
	int64_t warning_s;  /* WARNING when the next break is less than this away */
	int64_t critical_s; /* CRITICAL likewise */
	int expect;	    /* the verdict required (a cs_state), or -1: any */
} cs_nagios_opts;

/* Defaults: warning 7 days, critical 2 days, any verdict. */
void cs_nagios_opts_default(cs_nagios_opts *o);

/* The status of an analysis: UNKNOWN when indeterminate; CRITICAL when
 * bogus, with an error finding, the next break less than critical_s after
 * the evaluation time, or a verdict other than the one expected; WARNING
 * with a warning finding or the next break less than warning_s away; OK
 * otherwise. */
cs_nagios_status cs_nagios_judge(const cs_analysis *a, const cs_nagios_opts *o);

/* Append the plugin's line for the analysis of name/type (with a newline)
 * and return its status. time_s: how long the check took. */
cs_nagios_status cs_render_nagios(const cs_analysis *a, const cs_name *name, uint16_t type,
				  const cs_nagios_opts *o, double time_s, cs_buf *out);

/* Append the UNKNOWN line for a check that could not run: "DNSSEC UNKNOWN -
 * " then what (e.g. the name and type; may be NULL) and why. */
void cs_render_nagios_unknown(const char *what, const char *why, cs_buf *out);

/* Append a duration as the line shows it: "6d 23h", "5h 2m", "3m 20s",
 * "42s" (negative: "0s"). */
void cs_nagios_duration(int64_t s, cs_buf *out);

#endif
