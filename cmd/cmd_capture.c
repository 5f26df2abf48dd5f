#include "cli.h"
#include "commands.h"

#include "base/arena.h"
#include "base/buf.h"
#include "capture/capture.h"
#include "dns/msg.h"
#include "dns/rdata.h"
#include "text/rdata_text.h"

#include <stdio.h>
#include <string.h>

static int load(const char *path, cs_capture **c)
{
	char msg[512];
	cs_err err = cs_capture_load(path, c, msg, sizeof(msg));
	if (err != CS_OK) {
		cli_file_error(path, 0, msg);
		return cli_file_exit(path);
	}
	return CS_EXIT_OK;
}

/* Print every query of a capture and the decoded response. */
static int show(cs_capture *c)
{
	cs_buf out;
	cs_buf_init(&out);
	char nb[CS_NAME_TEXT_MAX], tb[16];
	cs_buf_printf(&out, ";; capture of %s %s by %s: %zu queries, %zu zones\n",
		      cs_name_str(&c->qname, nb), cs_rrtype_str(c->qtype, tb), c->tool, c->nqueries,
		      c->nzones);
	for (size_t i = 0; i < c->nnotes; i++)
		cs_buf_printf(&out, ";; note: %s\n", c->notes[i]);
	for (size_t i = 0; i < c->nqueries; i++) {
		const cs_capture_query *q = &c->queries[i];
		cs_buf_printf(&out, "\n;; #%u %s %s#%u (zone %s) %s %s: %s", q->id,
			      cs_transport_str(q->transport), q->server, (unsigned)q->port,
			      cs_name_str(&q->zone, nb), cs_qpurpose_str(q->purpose),
			      cs_rrtype_str(q->qtype, tb), cs_qresult_str(q->result));
		if (q->rtt_us >= 0)
			cs_buf_printf(&out, " in %.3f ms", (double)q->rtt_us / 1000.0);
		cs_buf_u8(&out, '\n');
		if (q->response == NULL)
			continue;
		cs_arena a;
		cs_arena_init(&a);
		cs_msg m;
		size_t off;
		cs_err err = cs_msg_parse(q->response, q->response_len, &a, &m, &off);
		if (err == CS_OK)
			cs_msg_to_text(&m, &out);
		else
			cs_buf_printf(&out,
				      ";; malformed response (%zu octets) at offset %zu: %s\n",
				      q->response_len, off, cs_strerror(err));
		cs_arena_clear(&a);
	}
	fputs(cs_buf_cstr(&out), stdout);
	int rc = out.err == CS_OK ? CS_EXIT_OK : CS_EXIT_SOFTWARE;
	cs_buf_free(&out);
	return rc;
}

int cmd_capture(int argc, char **argv)
{
	static const char usage[] = "usage: chainscope capture show FILE\n"
				    "       chainscope capture resave FILE -o OUT\n";
	if (argc >= 2 && strcmp(argv[0], "show") == 0 && argc == 2) {
		cs_capture *c = NULL;
		int rc = load(argv[1], &c);
		if (rc == CS_EXIT_OK)
			rc = show(c);
		cs_capture_free(&c);
		return rc;
	}
	if (argc == 4 && strcmp(argv[0], "resave") == 0 && strcmp(argv[2], "-o") == 0) {
		cs_capture *c = NULL;
		int rc = load(argv[1], &c);
		char msg[512];
		if (rc == CS_EXIT_OK && cs_capture_save(c, argv[3], msg, sizeof(msg)) != CS_OK) {
			fprintf(stderr, "chainscope: %s\n", msg);
			rc = CS_EXIT_SOFTWARE;
		}
		cs_capture_free(&c);
		return rc;
	}
	fputs(usage, stderr);
	return CS_EXIT_USAGE;
}
