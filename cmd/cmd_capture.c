#include "capture_input.h"
#include "cli.h"
#include "commands.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/fileio.h"
#include "capture/capture.h"
#include "capture/dnsviz.h"
#include "capture/pcap.h"
#include "dns/msg.h"
#include "dns/rdata.h"
#include "text/rdata_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any capture file (chainscope, DNSViz probe, pcap; plain or gzip). */
static int load(const char *path, cs_capture **c)
{
	char msg[600];
	cs_err err = cs_capture_open(path, NULL, 0, c, NULL, msg, sizeof(msg));
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

static int usage_error(const char *what)
{
	fprintf(stderr, "chainscope: %s\n", what);
	return CS_EXIT_USAGE;
}

/* capture import [--pcap] FILE [NAME [TYPE]] -o OUT [--anchor FILE] */
static int import(int argc, char **argv)
{
	bool want_pcap = argc > 0 && strcmp(argv[0], "--pcap") == 0;
	argc -= want_pcap;
	argv += want_pcap;
	const char *file = argc > 0 && argv[0][0] != '-' ? argv[0] : NULL;
	cli_opts o;
	/* cli_parse skips argv[0] (FILE here) as a program name. */
	if (file == NULL ||
	    !cli_parse(argc, argv, &o,
		       "chainscope capture import [--pcap] FILE [NAME [TYPE]] -o OUT"))
		return usage_error("capture import needs FILE");
	if (o.output == NULL)
		return usage_error("capture import needs -o OUT");
	char msg[600];
	if (want_pcap) { /* say what is wrong with a file that is no pcap */
		cs_buf b;
		cs_buf_init(&b);
		cs_err err = cs_capture_read(file, &b, msg, sizeof(msg));
		bool pcap = err == CS_OK && cs_capture_sniff(b.data, b.len) == CS_CAPFMT_PCAP;
		cs_buf_free(&b);
		if (!pcap) {
			cli_file_error(file, 0, err == CS_OK ? "not a pcap or pcapng file" : msg);
			return err == CS_EIO ? CS_EXIT_NOINPUT : CS_EXIT_DATAERR;
		}
	}
	cs_capture *c = NULL;
	cs_capfmt fmt;
	int rc = cmd_load_capture(&o, file, &c, &fmt);
	if (rc == CS_EXIT_OK && want_pcap != (fmt == CS_CAPFMT_PCAP)) {
		cli_file_error(file, 0,
			       want_pcap ? "not a pcap or pcapng file"
					 : "a packet capture: import it with --pcap");
		rc = CS_EXIT_DATAERR;
	}
	if (rc == CS_EXIT_OK && cs_capture_save(c, o.output, msg, sizeof(msg)) != CS_OK) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = CS_EXIT_SOFTWARE;
	}
	cs_capture_free(&c);
	return rc;
}

/* capture export --pcap|--dnsviz OUT CAPTURE */
static int export(const char *how, const char *out, const char *file)
{
	cs_capture *c = NULL;
	int rc = load(file, &c);
	if (rc != CS_EXIT_OK)
		return rc;
	char msg[512];
	cs_buf b;
	cs_buf_init(&b);
	if (strcmp(how, "--pcap") == 0) {
		if (cs_pcap_export(c, &b, msg, sizeof(msg)) != CS_OK) {
			fprintf(stderr, "chainscope: %s\n", msg);
			rc = CS_EXIT_SOFTWARE;
		}
	} else {
		char *s = cs_dnsviz_export(c);
		if (s == NULL)
			rc = CS_EXIT_SOFTWARE;
		else
			cs_buf_printf(&b, "%s\n", s);
		free(s);
	}
	if (rc == CS_EXIT_OK && b.err != CS_OK)
		rc = CS_EXIT_SOFTWARE;
	if (rc == CS_EXIT_OK && cs_write_file(out, b.data, b.len, msg, sizeof(msg)) != CS_OK) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = CS_EXIT_SOFTWARE;
	}
	cs_buf_free(&b);
	cs_capture_free(&c);
	return rc;
}

int cmd_capture(int argc, char **argv)
{
	static const char usage[] =
	    "usage: chainscope capture show FILE\n"
	    "       chainscope capture resave FILE -o OUT\n"
	    "       chainscope capture import [--pcap] FILE [NAME [TYPE]] -o OUT [--anchor FILE]\n"
	    "       chainscope capture export --pcap|--dnsviz OUT CAPTURE\n";
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
	if (argc >= 2 && strcmp(argv[0], "import") == 0)
		return import(argc - 1, argv + 1);
	if (argc == 4 && strcmp(argv[0], "export") == 0 &&
	    (strcmp(argv[1], "--pcap") == 0 || strcmp(argv[1], "--dnsviz") == 0))
		return export(argv[1], argv[2], argv[3]);
	fputs(usage, stderr);
	return CS_EXIT_USAGE;
}
