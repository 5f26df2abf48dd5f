/*
 * cli.h - options shared by every chainscope command, and the helpers that
 * turn them into what core/ needs (hints, anchors, probe options).
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include "arena.h"
#include "capture.h"
#include "name.h"
#include "probe.h"
#include "zonefile.h"

#include <stdbool.h>
#include <stdint.h>

#define CLI_MAX_NS 32

typedef struct {
	const char *hints_file;
	const char *anchor_file;
	const char *capture_file;
	const char *output;
	const char *at;
	const char *dot, *svg, *png; /* graph outputs (check), "-" = stdout */
	const char *resolver;
	const char *ns_specs[CLI_MAX_NS];
	size_t nns;
	const char *ds_specs[CLI_MAX_NS];
	size_t nds;
	unsigned port;
	double timeout_s;
	unsigned retries;
	unsigned max_queries;
	bool only4, only6;
	bool json;
	bool quiet;
	/* positional */
	const char *name;
	const char *type;
} cli_opts;

/* Parse argv (after the command name). Prints a message and returns false on
 * a usage error; usage_line is shown with it. */
bool cli_parse(int argc, char **argv, cli_opts *o, const char *usage_line);

/* Load hints (the file, or the built-in IANA hints) into list. Prints
 * "chainscope: FILE:LINE: detail" and returns false on error. */
bool cli_load_hints(const cli_opts *o, cs_arena *a, cs_rrlist *list);

/* Load trust anchors (DS or DNSKEY records; the file or the built-in IANA
 * anchors). Same error behaviour. */
bool cli_load_anchors(const cli_opts *o, cs_arena *a, cs_rrlist *list);

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

#endif
