#include "nagios.h"

#include "dns/rrtype.h"

#include <stdio.h>

const char *cs_nagios_status_str(cs_nagios_status s)
{
	switch (s) {
	case CS_NAGIOS_OK:
		return "OK";
	case CS_NAGIOS_WARNING:
		return "WARNING";
	case CS_NAGIOS_CRITICAL:
		return "CRITICAL";
	default:
		return "UNKNOWN";
	}
}

void cs_nagios_opts_default(cs_nagios_opts *o)
{
	o->warning_s = 7 * 86400;
	o->critical_s = 2 * 86400;
	o->expect = -1;
}

cs_nagios_status cs_nagios_judge(const cs_analysis *a, const cs_nagios_opts *o)
{
	if (a->verdict == CS_STATE_INDETERMINATE)
		return CS_NAGIOS_UNKNOWN;
	int64_t left = a->has_next_break ? a->next_break - a->at : INT64_MAX;
	if (a->verdict == CS_STATE_BOGUS || a->counts[CS_SEV_ERROR] > 0 || left < o->critical_s ||
	    (o->expect >= 0 && a->verdict != (cs_state)o->expect))
		return CS_NAGIOS_CRITICAL;
	if (a->counts[CS_SEV_WARNING] > 0 || left < o->warning_s)
		return CS_NAGIOS_WARNING;
	return CS_NAGIOS_OK;
}

/* Plugin output is one line and '|' starts the performance data: control
 * bytes, bytes from 0x7F and '|' become \DDD. */
static void escape(cs_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7F || *p == '|')
			cs_buf_printf(out, "\\%03u", *p);
		else
			cs_buf_u8(out, *p);
	}
}

void cs_nagios_duration(int64_t s, cs_buf *out)
{
	if (s < 0)
		s = 0;
	long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
	if (d > 0)
		cs_buf_printf(out, "%lldd %lldh", d, h);
	else if (h > 0)
		cs_buf_printf(out, "%lldh %lldm", h, m);
	else if (m > 0)
		cs_buf_printf(out, "%lldm %llds", m, sec);
	else
		cs_buf_printf(out, "%llds", sec);
}

/* The first finding of the highest severity, or NULL. */
static const cs_finding *worst_finding(const cs_analysis *a)
{
	const cs_finding *w = NULL;
	cs_severity ws = CS_SEV_NOTICE;
	for (size_t i = 0; i < a->nfindings; i++) {
		const cs_finding_info *fi = cs_finding_info_get(a->findings[i].code);
		if (fi != NULL && (w == NULL || fi->severity > ws)) {
			w = &a->findings[i];
			ws = fi->severity;
		}
	}
	return w;
}

cs_nagios_status cs_render_nagios(const cs_analysis *a, const cs_name *name, uint16_t type,
				  const cs_nagios_opts *o, double time_s, cs_buf *out)
{
	cs_nagios_status st = cs_nagios_judge(a, o);
	char nb[CS_NAME_TEXT_MAX], tb[16];
	cs_buf_printf(out, "DNSSEC %s - ", cs_nagios_status_str(st));
	escape(out, cs_name_str(name, nb));
	cs_buf_printf(out, " %s %s", cs_rrtype_str(type, tb), cs_state_str(a->verdict));
	if (o->expect >= 0 && a->verdict != (cs_state)o->expect)
		cs_buf_printf(out, " (expected %s)", cs_state_str((cs_state)o->expect));
	const cs_finding *w = worst_finding(a);
	if (w != NULL) {
		const cs_finding_info *fi = cs_finding_info_get(w->code);
		cs_buf_printf(out, ", %s %s in ", cs_severity_str(fi->severity), fi->code);
		escape(out, cs_name_str(&w->zone, nb));
	} else {
		cs_buf_str(out, ", no findings");
	}
	int64_t left = a->has_next_break ? a->next_break - a->at : 0;
	if (a->has_next_break) {
		cs_buf_str(out, ", next break in ");
		cs_nagios_duration(left, out);
	} else {
		cs_buf_str(out, ", no next break");
	}
	size_t failing = 0;
	for (size_t i = 0; i < a->nzones; i++)
		failing += a->zones[i].server_summary.nfailing;
	cs_buf_str(out, " | next_break=");
	if (a->has_next_break)
		cs_buf_printf(out, "%llds", (long long)(left > 0 ? left : 0));
	else
		cs_buf_str(out, "U");
	cs_buf_printf(out,
		      ";%lld:;%lld:;0 errors=%u;;;0 warnings=%u;;;0 servers_failing=%zu;;;0 "
		      "time=%.3fs;;;0\n",
		      (long long)o->warning_s, (long long)o->critical_s, a->counts[CS_SEV_ERROR],
		      a->counts[CS_SEV_WARNING], failing, time_s > 0 ? time_s : 0.0);
	return st;
}

void cs_render_nagios_unknown(const char *what, const char *why, cs_buf *out)
{
	cs_buf_str(out, "DNSSEC UNKNOWN - ");
	if (what != NULL && what[0] != 0) {
		escape(out, what);
		cs_buf_u8(out, ' ');
	}
	escape(out, why);
	cs_buf_u8(out, '\n');
}
