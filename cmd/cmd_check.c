#include "cli.h"
#include "commands.h"

#include "analyze.h"
#include "buf.h"
#include "dnstime.h"
#include "graph.h"
#include "json.h"
#include "text.h"
#include "zonefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --at: ISO 8601, YYYYMMDDHHmmSS, @SECONDS, "now", or +/-N[smhdw] relative
 * to the capture's time. */
static bool parse_at(const char *s, int64_t base, int64_t *out)
{
	if (strcmp(s, "now") == 0) {
		*out = (int64_t)time(NULL);
		return true;
	}
	if (s[0] == '+' || s[0] == '-') {
		/* A duration in the zone-file TTL syntax: 7d, 3h30m, 90. */
		uint32_t d;
		if (cs_ttl_from_text(s + 1, strlen(s + 1), &d) != CS_OK)
			return false;
		*out = base + (s[0] == '-' ? -(int64_t)d : (int64_t)d);
		return true;
	}
	return cs_time_parse_iso(s, out) == CS_OK;
}

static int exit_code(const cs_analysis *a)
{
	if (a->verdict == CS_STATE_BOGUS || a->counts[CS_SEV_ERROR] > 0)
		return CS_EXIT_BOGUS;
	if (a->verdict == CS_STATE_INDETERMINATE)
		return CS_EXIT_INCOMPLETE;
	if (a->counts[CS_SEV_WARNING] > 0)
		return CS_EXIT_WARN;
	return CS_EXIT_OK;
}

/* Write the graph in format to path ("-": stdout). A file is written to a
 * temporary file in the same directory and renamed over path, so no partial
 * file is left on error. Returns false (message printed) on failure. */
static bool write_graph(const cs_analysis *an, const cs_capture *cap, const char *format,
			const char *path)
{
	char msg[600];
	if (strcmp(path, "-") == 0) {
		if (cs_render_graph(an, cap, format, stdout, msg, sizeof(msg)) != CS_OK) {
			fprintf(stderr, "chainscope: --%s: %s\n", format, msg);
			return false;
		}
		return fflush(stdout) == 0;
	}
	size_t l = strlen(path);
	char *tmp = malloc(l + 16);
	if (tmp == NULL)
		return false;
	snprintf(tmp, l + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (f == NULL) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	bool ok = true;
	if (cs_render_graph(an, cap, format, f, msg, sizeof(msg)) != CS_OK) {
		fprintf(stderr, "chainscope: --%s: %s\n", format, msg);
		ok = false;
	}
	if (fflush(f) != 0 || ferror(f)) {
		if (ok)
			fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path,
				strerror(errno));
		ok = false;
	}
	if (fclose(f) != 0 && ok) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

int cmd_check(int argc, char **argv)
{
	static const char usage[] = "chainscope check NAME [TYPE] | --capture FILE  [--at TIME] "
				    "[--json] [--dot FILE] [--svg FILE] [--png FILE] "
				    "[probe options: see chainscope probe]";
	cli_opts o;
	if (!cli_parse(argc, argv, &o, usage))
		return CS_EXIT_USAGE;
	cs_capture *cap = NULL;
	cs_analysis *an = NULL;
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist anchors = {0};
	int rc = CS_EXIT_OK;
	char msg[512];
	char *anchor_text = NULL;

	if (o.capture_file) {
		if (o.name) {
			fprintf(stderr, "chainscope: give a NAME or --capture, not both\n");
			return CS_EXIT_USAGE;
		}
		cs_err err = cs_capture_load(o.capture_file, &cap, msg, sizeof(msg));
		if (err != CS_OK) {
			fprintf(stderr, "chainscope: %s: %s\n", o.capture_file, msg);
			return err == CS_EIO ? CS_EXIT_NOINPUT : CS_EXIT_DATAERR;
		}
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
	cs_analyze_opts_default(&ao, cap);
	if (o.at && !parse_at(o.at, cap->started_s, &ao.at)) {
		fprintf(stderr,
			"chainscope: --at '%s': expected an ISO 8601 time "
			"(2026-12-01T12:00:00Z), @SECONDS, now, or +/-N[smhdw]\n",
			o.at);
		rc = CS_EXIT_USAGE;
		goto out;
	}
	if (o.capture_file && o.anchor_file) {
		/* --anchor with --capture: evaluate against these anchors instead. */
		if (!cli_load_anchors(&o, &a, &anchors)) {
			rc = CS_EXIT_NOINPUT;
			goto out;
		}
		cs_buf b;
		cs_buf_init(&b);
		for (size_t i = 0; i < anchors.n; i++) {
			cs_rr_to_text(&anchors.v[i], &b);
			cs_buf_u8(&b, '\n');
		}
		anchor_text = strdup(cs_buf_cstr(&b));
		cs_buf_free(&b);
		ao.anchors_text = anchor_text;
	}
	ao.ds_override = o.ds_specs;
	ao.nds_override = o.nds;
	cs_err err = cs_analyze(cap, &ao, &an, msg, sizeof(msg));
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: %s\n", msg);
		rc = err == CS_ENOMEM ? CS_EXIT_SOFTWARE : CS_EXIT_USAGE;
		goto out;
	}
	/* A graph on stdout replaces the report there. */
	bool graph_stdout = (o.dot && strcmp(o.dot, "-") == 0) ||
			    (o.svg && strcmp(o.svg, "-") == 0) ||
			    (o.png && strcmp(o.png, "-") == 0);
	const char *graphs[3][2] = {{"dot", o.dot}, {"svg", o.svg}, {"png", o.png}};
	for (size_t i = 0; i < 3; i++)
		if (graphs[i][1] && !write_graph(an, cap, graphs[i][0], graphs[i][1])) {
			rc = CS_EXIT_SOFTWARE;
			goto out;
		}
	if (graph_stdout) {
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
		cs_render_text(an, cap, colour, &b);
		fputs(cs_buf_cstr(&b), stdout);
		cs_buf_free(&b);
	}
	if (fflush(stdout) != 0) {
		rc = CS_EXIT_SOFTWARE;
		goto out;
	}
	rc = exit_code(an);
out:
	free(anchor_text);
	cs_analysis_free(&an);
	cs_capture_free(&cap);
	cs_rrlist_free(&anchors);
	cs_arena_clear(&a);
	return rc;
}
