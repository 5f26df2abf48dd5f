#include "capture_input.h"

#include "base/fileio.h"
#include "commands.h"
#include "dns/rrtype.h"
#include "probe/rootdata.h"

#include <stdio.h>
#include <string.h>

/* Add the record lines of text (no comments or blank lines) as anchors. */
static bool add_anchor_lines(cs_capture *c, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		char line[4096];
		size_t k = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
		memcpy(line, text, k);
		line[k] = '\0';
		size_t sp = strspn(line, " \t\r");
		if (line[sp] != '\0' && line[sp] != ';' && line[sp] != '#' &&
		    cs_capture_add_string(c, &c->anchors, &c->nanchors, line) != CS_OK)
			return false;
		text += n + (text[n] == '\n');
	}
	return true;
}

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
	bool ok;
	if (o->anchor_file) {
		cs_buf b;
		cs_buf_init(&b);
		ok = cs_read_file(o->anchor_file, 1u << 20, &b, msg, sizeof(msg)) == CS_OK &&
		     add_anchor_lines(*out, cs_buf_cstr(&b));
		cs_buf_free(&b);
		if (!ok) {
			cli_file_error(o->anchor_file, 0, msg);
			cs_capture_free(out);
			return cli_file_exit(o->anchor_file);
		}
	} else if (!add_anchor_lines(*out, cs_builtin_root_anchors)) {
		cs_capture_free(out);
		return CS_EXIT_SOFTWARE;
	}
	return CS_EXIT_OK;
}
