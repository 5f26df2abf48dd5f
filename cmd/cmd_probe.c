#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <unistd.h>

int cmd_probe(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope probe NAME [TYPE] [-o FILE] [--hints FILE] [--anchor FILE] "
	    "[--port N] [--timeout S] [--retries N] [-4|-6] [--resolver ADDR[#PORT]] "
	    "[--ns ZONE=ADDR,...] [--max-queries N]";
	cli_opts o;
	if (!cli_parse(argc, argv, &o, usage))
		return CS_EXIT_USAGE;
	if (o.capture_file) {
		fprintf(stderr,
			"chainscope: probe makes captures; --capture is for other commands\n");
		return CS_EXIT_USAGE;
	}
	cs_capture *cap = NULL;
	int rc = cli_probe(&o, &cap);
	if (rc != CS_EXIT_OK)
		goto out;
	char msg[512];
	const char *path = o.output ? o.output : "-";
	if (cs_capture_save(cap, path, msg, sizeof(msg)) != CS_OK) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = CS_EXIT_SOFTWARE;
		goto out;
	}
	if (!o.quiet && o.output)
		fprintf(stderr,
			"chainscope: %zu queries, %zu zones, %.3f s: capture written to %s\n",
			cap->nqueries, cap->nzones, (double)cap->duration_us / 1e6, path);
out:
	cs_capture_free(&cap);
	return rc;
}
