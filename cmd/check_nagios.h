/*
 * check_nagios.h - `chainscope check --nagios`: the options of the plugin
 * mode and its one line of output; the check itself runs as usual
 * (cmd_check.c).
 */
#ifndef CS_CMD_CHECK_NAGIOS_H
#define CS_CMD_CHECK_NAGIOS_H

#include "cli.h"
#include "nagios.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	cs_nagios_opts opts;
	int64_t t0_us; /* when the check started (monotonic) */
} cmd_nagios;

/* Check the plugin options of o (--warning, --critical, --expect only with
 * --nagios; no report on stdout besides the line) and start the clock.
 * Returns 0 to go on, else the exit code after printing why: with --nagios
 * the UNKNOWN line (3), without it a usage error. */
int cmd_nagios_start(cmd_nagios *n, const cli_opts *o);

/* Print the plugin's line and return its exit code: the status of an, or,
 * when an is NULL (the check failed with exit code rc, a message already
 * on stderr), UNKNOWN with the reason. cap (may be NULL) names the query;
 * otherwise the command line does. */
int cmd_nagios_finish(const cmd_nagios *n, const cli_opts *o, const cs_analysis *an,
		      const cs_capture *cap, int rc);

#endif
