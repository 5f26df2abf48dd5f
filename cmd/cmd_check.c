#include "capture_input.h"
#include "check_nagios.h"
#include "cli.h"
#include "cmd_tui.h"
#include "commands.h"

#include "analyze/analyze.h"
#include "base/buf.h"
#include "json.h"
#include "output.h"
#include "text.h"
#include "text/dnstime.h"
#include "text/zonefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cmd_check(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope check NAME [TYPE] | --capture FILE [NAME [TYPE]]  [--at TIME] "
	    "[--json] [--dot FILE] [--svg FILE] [--png FILE] [--html FILE] [--all-signatures] "
	    "[--nagios [--warning DUR] [--critical DUR] [--expect secure|insecure]] "
	    "[probe options: see chainscope probe]";
	cli_opts o;
	if (!cli_parse(argc, argv, &o, usage))
		return CS_EXIT_USAGE;
	cmd_nagios nag;
	int nrc = cmd_nagios_start(&nag, &o);
	if (nrc != 0)
		return nrc;
	if (o.metrics) {
		fprintf(stderr, "chainscope: --metrics is an option of batch\n");
		return CS_EXIT_USAGE;
	}
	if (o.interactive)
		return cmd_tui_opts(&o);
	cmd_reporter rep = {.opts = {.all_signatures = o.all_signatures}};
	cs_capture *cap = NULL;
	cs_analysis *an = NULL;
	int rc = CS_EXIT_OK;
	char msg[512];
	char *anchor_text = NULL;

	if (o.capture_file) {
		/* NAME [TYPE] select in the capture (DNSViz probe, pcap). */
		rc = cmd_load_capture(&o, o.capture_file, &cap, NULL);
		if (rc != CS_EXIT_OK)
			goto out;
	} else {
		rc = cli_probe(&o, &cap);
		if (rc != CS_EXIT_OK)
			goto out;
		if (o.output && cs_capture_save(cap, o.output, msg, sizeof(msg)) != CS_OK) {
			fprintf(stderr, "chainscope: %s\n", msg);
			rc = CS_EXIT_SOFTWARE;
			goto out;
		}
	}
	cs_analyze_opts ao;
	/* --anchor with --capture: evaluate against these anchors instead. */
	if (!cli_anchor_text(&o, &anchor_text)) {
		rc = cli_file_exit(o.anchor_file);
		goto out;
	}
	if (!cli_analyze_opts(&o, cap, o.at, anchor_text, &ao, msg, sizeof(msg))) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = CS_EXIT_USAGE;
		goto out;
	}
	cs_err err = cs_analyze(cap, &ao, &an, msg, sizeof(msg));
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = err == CS_ENOMEM ? CS_EXIT_SOFTWARE : CS_EXIT_USAGE;
		goto out;
	}
	/* A graph on stdout replaces the report there. */
	bool graph_stdout =
	    (o.dot && strcmp(o.dot, "-") == 0) || (o.svg && strcmp(o.svg, "-") == 0) ||
	    (o.png && strcmp(o.png, "-") == 0) || (o.html && strcmp(o.html, "-") == 0);
	const char *graphs[4][2] = {
	    {"dot", o.dot}, {"svg", o.svg}, {"png", o.png}, {"html", o.html}};
	for (size_t i = 0; i < 4; i++)
		if (graphs[i][1] && !cmd_write_report(&rep, an, cap, graphs[i][0], graphs[i][1])) {
			rc = CS_EXIT_SOFTWARE;
			goto out;
		}
	if (graph_stdout || o.nagios) {
	} else if (o.json) {
		char *s = cs_render_json(an, cap);
		if (s == NULL) {
			rc = CS_EXIT_SOFTWARE;
			goto out;
		}
		puts(s);
		free(s);
	} else {
		bool colour = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
		cs_buf b;
		cs_buf_init(&b);
		cs_text_opts to = {.colour = colour, .verbose = o.verbose};
		cs_render_text(an, cap, &to, &b);
		fputs(cs_buf_cstr(&b), stdout);
		cs_buf_free(&b);
	}
	if (fflush(stdout) != 0) {
		rc = CS_EXIT_SOFTWARE;
		goto out;
	}
	rc = cli_exit_code(an);
out:
	if (o.nagios)
		rc = cmd_nagios_finish(&nag, &o, rc == CS_EXIT_SOFTWARE ? NULL : an, cap, rc);
	cmd_reporter_free(&rep);
	free(anchor_text);
	cs_analysis_free(&an);
	cs_capture_free(&cap);
	return rc;
}
