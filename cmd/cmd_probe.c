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
	cs_name qname;
	uint16_t qtype;
	if (!cli_query(&o, &qname, &qtype))
		return CS_EXIT_USAGE;
	if (o.capture_file) {
		fprintf(stderr,
			"chainscope: probe makes captures; --capture is for other commands\n");
		return CS_EXIT_USAGE;
	}
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist hints = {0}, anchors = {0};
	int rc = CS_EXIT_OK;
	cs_probe_opts po;
	cs_probe_delegation dels[CLI_MAX_NS];
	cs_capture *cap = NULL;
	if (!cli_load_hints(&o, &a, &hints) || !cli_load_anchors(&o, &a, &anchors)) {
		rc = CS_EXIT_NOINPUT;
		goto out;
	}
	if (!cli_probe_opts(&o, &a, &po, dels)) {
		rc = CS_EXIT_USAGE;
		goto out;
	}
	cs_err err = cs_probe_run(&po, &hints, &anchors, &qname, qtype, &cap);
	if (po.progress)
		fputs("\n", stderr);
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: probe failed: %s\n",
			err == CS_EINVAL
			    ? "no usable server address (check --hints, --resolver, -4/-6)"
			    : cs_strerror(err));
		rc = err == CS_EINVAL ? CS_EXIT_USAGE : CS_EXIT_INCOMPLETE;
		goto out;
	}
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
	cs_rrlist_free(&hints);
	cs_rrlist_free(&anchors);
	cs_arena_clear(&a);
	return rc;
}
