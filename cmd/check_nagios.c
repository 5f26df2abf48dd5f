#include "check_nagios.h"

#include "commands.h"

#include "dns/rrtype.h"
#include "text/zonefile.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Print a plugin-mode argument error as the UNKNOWN line (stdout) and on
 * stderr; returns the UNKNOWN exit code. */
static int bad(const char *why)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_render_nagios_unknown(NULL, why, &b);
	fputs(cs_buf_cstr(&b), stdout);
	cs_buf_free(&b);
	fprintf(stderr, "chainscope: %s\n", why);
	return CS_NAGIOS_UNKNOWN;
}

/* A --warning/--critical duration in the --at units (90m, 12h, 7d, 3h30m,
 * plain seconds). */
static bool duration(const char *opt, const char *s, int64_t *out, char *why, size_t len)
{
	uint32_t d;
	if (s == NULL)
		return true;
	if (s[0] == 0 || cs_ttl_from_text(s, strlen(s), &d) != CS_OK) {
		snprintf(why, len, "invalid arguments: %s '%.64s' is not a duration (90m, 12h, 7d)",
			 opt, s);
		return false;
	}
	*out = d;
	return true;
}

int cmd_nagios_start(cmd_nagios *n, const cli_opts *o)
{
	cs_nagios_opts_default(&n->opts);
	n->t0_us = mono_us();
	if (!o->nagios) {
		if (o->warning || o->critical || o->expect) {
			fprintf(stderr, "chainscope: --warning, --critical and --expect need "
					"--nagios\n");
			return CS_EXIT_USAGE;
		}
		return 0;
	}
	char why[200];
	if (!duration("--warning", o->warning, &n->opts.warning_s, why, sizeof(why)) ||
	    !duration("--critical", o->critical, &n->opts.critical_s, why, sizeof(why)))
		return bad(why);
	if (o->expect) {
		if (strcmp(o->expect, "secure") == 0) {
			n->opts.expect = CS_STATE_SECURE;
		} else if (strcmp(o->expect, "insecure") == 0) {
			n->opts.expect = CS_STATE_INSECURE;
		} else {
			snprintf(why, sizeof(why),
				 "invalid arguments: --expect '%.64s' is not secure or insecure",
				 o->expect);
			return bad(why);
		}
	}
	if (o->json || o->interactive || o->metrics || (o->dot && strcmp(o->dot, "-") == 0) ||
	    (o->svg && strcmp(o->svg, "-") == 0) || (o->png && strcmp(o->png, "-") == 0) ||
	    (o->html && strcmp(o->html, "-") == 0))
		return bad("invalid arguments: --nagios prints one line: no --json, -i, --metrics "
			   "or report on standard output");
	return 0;
}

int cmd_nagios_finish(const cmd_nagios *n, const cli_opts *o, const cs_analysis *an,
		      const cs_capture *cap, int rc)
{
	cs_buf b;
	cs_buf_init(&b);
	int code = CS_NAGIOS_UNKNOWN;
	if (an != NULL && cap != NULL) {
		double t = (double)(mono_us() - n->t0_us) / 1e6;
		code = (int)cs_render_nagios(an, &cap->qname, cap->qtype, &n->opts, t, &b);
	} else {
		const char *why = rc == CS_EXIT_USAGE	     ? "invalid arguments"
				  : rc == CS_EXIT_NOINPUT    ? "cannot read an input file"
				  : rc == CS_EXIT_DATAERR    ? "malformed input"
				  : rc == CS_EXIT_INCOMPLETE ? "the probe failed"
							     : "internal error";
		char what[600] = "", reason[100];
		if (cap != NULL) {
			char nb[CS_NAME_TEXT_MAX], tb[16];
			snprintf(what, sizeof(what), "%s %s", cs_name_str(&cap->qname, nb),
				 cs_rrtype_str(cap->qtype, tb));
		} else if (o->name != NULL) {
			snprintf(what, sizeof(what), "%.300s %.30s", o->name,
				 o->type ? o->type : "A");
		}
		snprintf(reason, sizeof(reason), "%s (see standard error)", why);
		cs_render_nagios_unknown(what, reason, &b);
	}
	if (b.err != CS_OK) {
		code = CS_NAGIOS_UNKNOWN;
		fputs("DNSSEC UNKNOWN - out of memory\n", stdout);
	} else {
		fputs(cs_buf_cstr(&b), stdout);
	}
	cs_buf_free(&b);
	if (fflush(stdout) != 0)
		code = CS_NAGIOS_UNKNOWN;
	return code;
}
