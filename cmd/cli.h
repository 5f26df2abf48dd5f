/*
 * cli.h - options shared by every chainscope command, and the helpers that
 * turn them into what core/ needs (hints, anchors, probe options).
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include "analyze/analyze.h"
#include "base/arena.h"
#include "capture/capture.h"
#include "dns/name.h"
#include "probe/probe.h"
#include "text/zonefile.h"

#include <stdbool.h>
#include <stdint.h>

#define CLI_MAX_NS 32

typedef struct {
	const char *hints_file;
	const char *anchor_files[CLI_MAX_NS]; /* --anchor, repeatable; none: built in */
	size_t nanchor_files;
	const char *capture_file;
	const char *output;
	const char *at;
	const char *dot, *svg, *png; /* graph outputs (check), "-" = stdout */
	const char *html;	     /* HTML report (check), "-" = stdout */
	bool all_signatures;	     /* pictures: every signature edge */
	const char *resolver;
	const char *ns_specs[CLI_MAX_NS];
	size_t nns;
	const char *ds_specs[CLI_MAX_NS];
	size_t nds;
	unsigned port;
	double timeout_s;
	unsigned retries;
	unsigned max_queries;
	/* Other limits (man page, LIMITS): 0 (time, NSEC3: -1) = the default. */
	double max_time_s; /* 0: no limit */
	unsigned max_referrals, max_cname, max_addresses, max_verifications;
	long max_nsec3_iterations;
	bool only4, only6;
	bool json;
	bool quiet;
	bool verbose;	  /* -v: every server address in the text report */
	bool interactive; /* check -i: the terminal inspector */
	/* check --nagios: a monitoring plugin's line and exit code */
	bool nagios;
	const char *warning, *critical, *expect; /* their values, unparsed */
	const char *metrics;			 /* batch --metrics FILE */
	const char *captures;			 /* batch --captures DIR */
	/* positional */
	const char *name;
	const char *type;
} cli_opts;

/* Parse argv (after the command name). Prints a message and returns false on
 * a usage error; usage_line is shown with it. */
bool cli_parse(int argc, char **argv, cli_opts *o, const char *usage_line);

/* The analyze options of a command line: the defaults for capture cap,
 * the work limits, the evaluation time (at: an --at spec, NULL or "" for
 * the capture's time), trust anchors (anchor_text: presentation format to
 * use instead of the capture's, or NULL) and --ds overrides. Returns true
 * with *ao set, or false with msg saying what is wrong with --at (*ao
 * untouched). The one place that turns options into cs_analyze_opts. */
bool cli_analyze_opts(const cli_opts *o, const cs_capture *cap, const char *at,
		      const char *anchor_text, cs_analyze_opts *ao, char *msg, size_t len);

/* Print "chainscope: FILE[:LINE]: DETAIL" on stderr (line 0: none) with
 * FILE and DETAIL escaped for a terminal: a damaged file's bytes, quoted in
 * a parser's message, never reach it raw. */
void cli_file_error(const char *file, size_t line, const char *detail);

/* The exit code for an input file that failed to load: CS_EXIT_NOINPUT when
 * it cannot be read (missing, a directory, no permission), else
 * CS_EXIT_DATAERR (it was read and its contents are damaged). */
int cli_file_exit(const char *path);

/* Load hints (the file, or the built-in IANA hints) into list. Prints
 * "chainscope: FILE:LINE: detail" and returns false on error. */
bool cli_load_hints(const cli_opts *o, cs_arena *a, cs_rrlist *list);

/* Load trust anchors (DS or DNSKEY records) from every --anchor file, in
 * any format cs_anchors_parse reads, or the built-in IANA anchors; RFC 7958
 * validity windows are judged at --at (else now). Same error behaviour. */
bool cli_load_anchors(const cli_opts *o, cs_arena *a, cs_rrlist *list);

/* The exit code when the anchors failed to load: CS_EXIT_NOINPUT when an
 * --anchor file cannot be read, else CS_EXIT_DATAERR. */
int cli_anchor_exit(const cli_opts *o);

/* Record in cap the anchors of the command line with their sources (each
 * line "RR ; source=FILE" or "; source=built in"), replacing the probe's
 * plain lines, so the analysis and a saved capture can say where each
 * anchor came from. False when the anchors do not load or memory runs
 * out (message printed). */
bool cli_record_anchor_sources(const cli_opts *o, cs_capture *cap);

/* The query name and type from the positional arguments (type defaults to
 * A). Prints a message and returns false when they are not valid. */
bool cli_query(const cli_opts *o, cs_name *name, uint16_t *type);

/* Probe options from the command line, with real clocks; the delegations
 * array (CLI_MAX_NS entries) and address storage live in a. Returns false
 * (message printed) on a bad --ns. */
bool cli_probe_opts(const cli_opts *o, cs_arena *a, cs_probe_opts *po, cs_probe_delegation *dels);

/* Probe what the command line names (positional NAME [TYPE], hints,
 * anchors, probe options). On success returns 0 with *out a new capture
 * (caller frees); otherwise prints why and returns the exit code. */
int cli_probe(const cli_opts *o, cs_capture **out);

/* --at: ISO 8601, YYYYMMDDHHmmSS, @SECONDS, "now", or +/-N[smhdw] relative
 * to base (the capture's time). Returns false when s is none of these. */
bool cli_parse_at(const char *s, int64_t base, int64_t *out);

/* The exit code an analysis earns (README, man page): CS_EXIT_BOGUS for a
 * bogus verdict or any error finding, CS_EXIT_INCOMPLETE when
 * indeterminate, CS_EXIT_WARN for warnings, else CS_EXIT_OK. */
int cli_exit_code(const cs_analysis *a);

/* With --capture and --anchor: the anchors as presentation text with their
 * sources for cs_analyze_opts.anchors_text (caller frees), in *out; *out is
 * NULL when the capture's own anchors apply. Returns false (message
 * printed) when an anchor file does not load or memory runs out. */
bool cli_anchor_text(const cli_opts *o, char **out);

#endif
