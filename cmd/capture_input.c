#include "capture_input.h"

#include "commands.h"
#include "dns/rrtype.h"

#include <stdio.h>
#include <string.h>

int cmd_load_capture(const cli_opts *o, const char *path, cs_capture **out, cs_capfmt *fmt)
{
	cs_name name;
	uint16_t type = 0;
	if (o->name && !cli_query(o, &name, &type))
		return CS_EXIT_USAGE;
	if (o->name && o->type == NULL)
		type = 0; /* the capture's own type */
	char msg[600];
	cs_err err =
	    cs_capture_open(path, o->name ? &name : NULL, type, out, fmt, msg, sizeof(msg));
	if (err != CS_OK) {
		cli_file_error(path, 0, msg);
		return err == CS_EIO ? CS_EXIT_NOINPUT : CS_EXIT_DATAERR;
	}
	if ((*out)->nanchors > 0)
		return CS_EXIT_OK;
	/* A DNSViz probe or a pcap holds no anchors: the command line's (or
	 * the built-in ones), recorded with their sources. */
	if (!cli_record_anchor_sources(o, *out)) {
		cs_capture_free(out);
		return cli_anchor_exit(o);
	}
	return CS_EXIT_OK;
}
