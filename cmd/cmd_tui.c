/*
 * cmd_tui.c - `chainscope tui` (and `check -i`): wires the inspector's view
 * (render/tui.h) to a capture file or a live probe. The probe runs on its
 * own thread so the view stays responsive; it reports progress under a
 * mutex, and the view picks up the finished capture on its next poll.
 * Analysis, saving and exporting run on the view's thread.
 */
#include "capture_input.h"
#include "cmd_tui.h"

#include "commands.h"
#include "output.h"
#include "tui.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	const cli_opts *o;
	/* probe inputs (live mode) */
	bool can_probe;
	cs_arena arena;
	cs_rrlist hints, anchors;
	cs_probe_opts po;
	cs_probe_delegation dels[CLI_MAX_NS];
	cs_name qname;
	uint16_t qtype;
	/* the probe thread */
	pthread_t thread;
	bool running; /* view thread only */
	pthread_mutex_t mu;
	bool done;		/* under mu */
	cs_err perr;		/* under mu */
	cs_capture *probed;	/* under mu */
	cs_probe_progress prog; /* under mu; its chain pointers are not kept */
	/* the zones found so far (under mu), and how many the view shows */
	cs_name chain[CS_PROBE_PROGRESS_ZONES];
	int chain_parent[CS_PROBE_PROGRESS_ZONES];
	size_t nchain;
	size_t nchain_shown; /* view thread only */
	/* analyses: what the view holds, and what it gets on its next poll */
	cs_capture *cap;
	cs_analysis *an;
	cs_capture *next_cap;
	cs_analysis *next_an;
	char *anchor_text;
	char at_spec[128]; /* the last time set with 't' or --at; "" = capture time */
	char failure[400]; /* why the last probe gave nothing, for the status line */
	cmd_reporter rep;  /* SVG export: the process's one Graphviz context */
} tui_ctx;

static void on_progress(void *arg, const cs_probe_progress *p)
{
	tui_ctx *x = arg;
	pthread_mutex_lock(&x->mu);
	x->prog = *p;
	x->prog.nchain = 0; /* the names are only valid during the call */
	for (size_t i = 0; i < p->nchain; i++) {
		x->chain[i] = *p->chain[i];
		x->chain_parent[i] = p->chain_parent[i];
	}
	x->nchain = p->nchain;
	pthread_mutex_unlock(&x->mu);
}

static void *probe_main(void *arg)
{
	tui_ctx *x = arg;
	cs_capture *c = NULL;
	cs_err err = cs_probe_run(&x->po, &x->hints, &x->anchors, &x->qname, x->qtype, &c);
	pthread_mutex_lock(&x->mu);
	x->probed = c;
	x->perr = err;
	x->done = true;
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

/* Start the probe thread with the terminal signals blocked in it, so they
 * reach the view's thread. */
static bool start_probe(tui_ctx *x)
{
	x->done = false;
	x->probed = NULL;
	memset(&x->prog, 0, sizeof(x->prog));
	x->nchain = 0;
	x->nchain_shown = 0;
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(&x->thread, NULL, probe_main, x);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	x->running = rc == 0;
	return x->running;
}

/* Analyze cap at the time in x->at_spec into *out. */
static bool analyze(tui_ctx *x, const cs_capture *cap, cs_analysis **out, char *msg, size_t len)
{
	cs_analyze_opts ao;
	if (!cli_analyze_opts(x->o, cap, x->at_spec, x->anchor_text, &ao, msg, len)) {
		snprintf(msg, len, "'%s' is not a time", x->at_spec);
		return false;
	}
	return cs_analyze(cap, &ao, out, msg, len) == CS_OK;
}

/* Make (cap, an) the next analysis the view gets; cap may be the current
 * capture. */
static void set_next(tui_ctx *x, cs_capture *cap, cs_analysis *an)
{
	if (x->next_cap && x->next_cap != x->cap && x->next_cap != cap)
		cs_capture_free(&x->next_cap);
	cs_analysis_free(&x->next_an);
	x->next_cap = cap;
	x->next_an = an;
}

static void probe_finished(tui_ctx *x)
{
	pthread_join(x->thread, NULL);
	x->running = false;
	cs_capture *c = x->probed;
	x->probed = NULL;
	if (x->perr != CS_OK || c == NULL) {
		snprintf(x->failure, sizeof(x->failure), "probe failed: %s",
			 x->perr == CS_EINVAL
			     ? "no usable server address (check --hints, --resolver, -4/-6)"
			     : cs_strerror(x->perr));
		cs_capture_free(&c);
		return;
	}
	cs_analysis *an = NULL;
	char msg[300];
	if (!analyze(x, c, &an, msg, sizeof(msg))) {
		snprintf(x->failure, sizeof(x->failure), "analysis failed: %s", msg);
		cs_capture_free(&c);
		return;
	}
	if (x->o->output && cs_capture_save(c, x->o->output, msg, sizeof(msg)) != CS_OK)
		snprintf(x->failure, sizeof(x->failure), "%s", msg);
	set_next(x, c, an);
}

/* While the probe runs: the zones found so far as a provisional tree (each
 * indeterminate, nothing judged yet), so the chain fills in as it is
 * found; the real analysis replaces it when the probe is done. */
static void show_found(tui_ctx *x, const cs_name *chain, const int *parent, size_t n)
{
	if (n <= x->nchain_shown)
		return;
	cs_capture *c = cs_capture_new();
	cs_analysis *a = cs_analysis_provisional(chain, parent, n, (int64_t)time(NULL));
	if (c == NULL || a == NULL) {
		cs_capture_free(&c);
		cs_analysis_free(&a);
		return;
	}
	c->qname = x->qname;
	c->qtype = x->qtype;
	x->nchain_shown = n;
	set_next(x, c, a);
}

static bool src_poll(void *ctx, const cs_analysis **an, const cs_capture **cap, char *status,
		     size_t len)
{
	tui_ctx *x = ctx;
	if (x->running) {
		pthread_mutex_lock(&x->mu);
		bool done = x->done;
		cs_probe_progress p = x->prog;
		cs_name chain[CS_PROBE_PROGRESS_ZONES];
		int parent[CS_PROBE_PROGRESS_ZONES];
		size_t nchain = x->nchain;
		memcpy(chain, x->chain, nchain * sizeof(chain[0]));
		memcpy(parent, x->chain_parent, nchain * sizeof(parent[0]));
		pthread_mutex_unlock(&x->mu);
		if (!done)
			show_found(x, chain, parent, nchain);
		if (done) {
			probe_finished(x);
		} else {
			char nb[CS_NAME_TEXT_MAX];
			snprintf(status, len,
				 "probing %s: %u zones, %u queries sent, %u answered, %u in flight",
				 cs_name_str(&x->qname, nb), p.zones, p.sent, p.answered,
				 p.in_flight);
		}
	}
	if (!x->running && x->failure[0])
		snprintf(status, len, "%s", x->failure);
	if (x->next_an == NULL)
		return false;
	if (x->cap != x->next_cap)
		cs_capture_free(&x->cap);
	cs_analysis_free(&x->an);
	x->cap = x->next_cap;
	x->an = x->next_an;
	x->next_cap = NULL;
	x->next_an = NULL;
	*an = x->an;
	*cap = x->cap;
	return true;
}

static bool src_reprobe(void *ctx, char *msg, size_t len)
{
	tui_ctx *x = ctx;
	if (!x->can_probe) {
		snprintf(msg, len, "re-probe needs a NAME: this is a saved capture");
		return false;
	}
	if (x->running) {
		snprintf(msg, len, "a probe is already running");
		return false;
	}
	x->failure[0] = 0;
	if (!start_probe(x)) {
		snprintf(msg, len, "cannot start the probe thread");
		return false;
	}
	return true;
}

static bool src_set_time(void *ctx, const char *spec, char *msg, size_t len)
{
	tui_ctx *x = ctx;
	const cs_capture *base = x->next_cap ? x->next_cap : x->cap;
	int64_t t;
	if (!cli_parse_at(spec, base ? base->started_s : 0, &t) ||
	    strlen(spec) >= sizeof(x->at_spec)) {
		snprintf(msg, len, "'%s' is not a time: ISO 8601, @SECONDS, now or +/-N[smhdw]",
			 spec);
		return false;
	}
	char old[sizeof(x->at_spec)];
	memcpy(old, x->at_spec, sizeof(old));
	snprintf(x->at_spec, sizeof(x->at_spec), "%s", spec);
	if (base == NULL)
		return true; /* applies when the probe finishes */
	cs_analysis *an = NULL;
	if (!analyze(x, base, &an, msg, len)) {
		memcpy(x->at_spec, old, sizeof(old));
		return false;
	}
	set_next(x, (cs_capture *)base, an);
	return true;
}

static bool src_save(void *ctx, const char *path, char *msg, size_t len)
{
	tui_ctx *x = ctx;
	if (x->cap == NULL) {
		snprintf(msg, len, "no capture yet");
		return false;
	}
	if (strcmp(path, "-") == 0) {
		snprintf(msg, len, "give a file name");
		return false;
	}
	return cs_capture_save(x->cap, path, msg, len) == CS_OK;
}

/* cmd_write_report reports failures on stderr, which is the screen here:
 * catch what it writes in a temporary file and hand it back as msg. */
static bool src_export(void *ctx, const char *path, char *msg, size_t len)
{
	tui_ctx *x = ctx;
	if (x->an == NULL) {
		snprintf(msg, len, "nothing to export yet");
		return false;
	}
	if (strcmp(path, "-") == 0) {
		snprintf(msg, len, "give a file name");
		return false;
	}
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	if (tmp == NULL || saved < 0) {
		if (tmp)
			fclose(tmp);
		if (saved >= 0)
			close(saved);
		snprintf(msg, len, "cannot redirect messages");
		return false;
	}
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	bool ok = cmd_write_report(&x->rep, x->an, x->cap, "svg", path);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	if (!ok) {
		rewind(tmp);
		size_t n = fread(msg, 1, len - 1, tmp);
		msg[n] = 0;
		msg[strcspn(msg, "\n")] = 0;
		if (strncmp(msg, "chainscope: ", 12) == 0)
			memmove(msg, msg + 12, strlen(msg + 12) + 1);
		if (msg[0] == 0)
			snprintf(msg, len, "cannot write %s", path);
	}
	fclose(tmp);
	return ok;
}

/* Load the capture, or prepare the probe (messages printed before the
 * screen is taken). Returns 0 or an exit code. */
static int prepare(tui_ctx *x)
{
	const cli_opts *o = x->o;
	char msg[512];
	if (o->at)
		snprintf(x->at_spec, sizeof(x->at_spec), "%s", o->at);
	if (!cli_anchor_text(o, &x->anchor_text))
		return cli_file_exit(o->anchor_file);
	if (o->capture_file) {
		cs_capture *c = NULL;
		int rc = cmd_load_capture(o, o->capture_file, &c, NULL);
		if (rc != CS_EXIT_OK)
			return rc;
		cs_analysis *an = NULL;
		if (!analyze(x, c, &an, msg, sizeof(msg))) {
			fprintf(stderr, "chainscope: %s\n", msg);
			cs_capture_free(&c);
			return CS_EXIT_USAGE;
		}
		set_next(x, c, an);
		return 0;
	}
	if (o->at && !cli_parse_at(o->at, 0, &(int64_t){0})) {
		fprintf(stderr,
			"chainscope: --at '%s': expected an ISO 8601 time, @SECONDS, now, "
			"or +/-N[smhdw]\n",
			o->at);
		return CS_EXIT_USAGE;
	}
	if (!cli_query(o, &x->qname, &x->qtype))
		return CS_EXIT_USAGE;
	if (!cli_load_hints(o, &x->arena, &x->hints))
		return cli_file_exit(o->hints_file);
	if (!cli_load_anchors(o, &x->arena, &x->anchors))
		return cli_file_exit(o->anchor_file);
	if (!cli_probe_opts(o, &x->arena, &x->po, x->dels))
		return CS_EXIT_USAGE;
	x->po.progress = on_progress;
	x->po.progress_ctx = x;
	x->can_probe = true;
	return 0;
}

int cmd_tui_opts(const cli_opts *o)
{
	/* On the heap: a probe still running at the end keeps using it. */
	tui_ctx *x = calloc(1, sizeof(*x));
	if (x == NULL)
		return CS_EXIT_SOFTWARE;
	x->o = o;
	cs_arena_init(&x->arena);
	pthread_mutex_init(&x->mu, NULL);
	int rc = prepare(x);
	if (rc == 0 && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "chainscope: the inspector needs a terminal\n");
		rc = CS_EXIT_USAGE;
	}
	if (rc == 0 && x->can_probe && !start_probe(x)) {
		fprintf(stderr, "chainscope: cannot start the probe thread\n");
		rc = CS_EXIT_SOFTWARE;
	}
	if (rc == 0) {
		cs_tui_source src = {
		    .ctx = x,
		    .poll = src_poll,
		    .reprobe = src_reprobe,
		    .set_time = src_set_time,
		    .save_capture = src_save,
		    .export_svg = src_export,
		};
		char msg[256];
		int r = cs_tui_run(&src, msg, sizeof(msg));
		if (r < 0) {
			fprintf(stderr, "chainscope: %s\n", msg);
			rc = CS_EXIT_USAGE;
		} else {
			rc = r;
		}
	}
	if (x->running) {
		/* The probe cannot be interrupted and the process is about to
		 * end: leave the thread and the context it reads (reachable from
		 * its stack) alone. */
		pthread_detach(x->thread);
		return rc;
	}
	if (x->next_cap != x->cap)
		cs_capture_free(&x->next_cap);
	cs_analysis_free(&x->next_an);
	cs_capture_free(&x->cap);
	cs_analysis_free(&x->an);
	cmd_reporter_free(&x->rep);
	free(x->anchor_text);
	cs_rrlist_free(&x->hints);
	cs_rrlist_free(&x->anchors);
	cs_arena_clear(&x->arena);
	pthread_mutex_destroy(&x->mu);
	free(x);
	return rc;
}

int cmd_tui(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope tui NAME [TYPE] | --capture FILE [NAME [TYPE]]  [--at TIME] "
	    "[-o FILE] [probe options: see chainscope probe]";
	cli_opts o;
	if (!cli_parse(argc, argv, &o, usage))
		return CS_EXIT_USAGE;
	return cmd_tui_opts(&o);
}
