/*
 * cmd_batch.c - chainscope batch: many names at once. One event loop per
 * core (--jobs) drives many probes at a time on one cs_probe_hub, so a
 * name in flight costs its capture, not a thread; each loop takes the next
 * line from the shared reader, and when a probe is done analyzes and
 * renders it exactly as `check --json` would (on one line) and writes the
 * line in completion order. The probes share one cache of the answers
 * about the zones above the names, the referrals to them and the servers'
 * health (core/probe/probe_cache.h).
 *
 * How many names are in flight adapts, per loop (core/probe/window.h):
 * more while answers keep pace and the loop has time to spare, fewer while
 * they wait, half on a loss, never above --max-inflight in all. Memory depends on that number, not
 * on the number of names: the input is streamed and every result is freed once written.
 */
#include "batch_input.h"
#include "batch_metrics.h"
#include "cli.h"
#include "commands.h"

#include "analyze/analyze.h"
#include "dns/rrtype.h"
#include "dnssec/verify_cache.h"
#include "json.h"
#include "probe/net.h"
#include "probe/probe_cache.h"
#include "probe/window.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS	   256
#define MAX_INFLIGHT	   65536
#define DEFAULT_INFLIGHT   512	       /* names in flight at most, by default */
#define START_WINDOW	   16	       /* names in flight per loop at the start */
#define TRIM_EVERY	   64	       /* names per loop between malloc_trim calls */
#define HIST_MS		   10000       /* probe time histogram: 1 ms buckets up to 10 s */
#define CACHE_MAX_LABELS   1	       /* the root and the TLDs */
#define CACHE_MAX_BYTES	   (64u << 20) /* far above what the ancestors need */
#define MSG_MEMO_BYTES	   (2u << 20)  /* per loop: parsed cached answers (root, TLDs) */
#define PROGRESS_PERIOD_US 200000

typedef struct {
	/* read-only while the workers run */
	const cli_opts *o;
	const char *in_name;
	cs_probe_opts po;
	cs_rrlist hints, anchors;
	cs_verify_cache *verify; /* signatures of the zones above, checked once */
	batch_metrics *metrics;	 /* --metrics, or NULL */
	const char *captures;	 /* --captures DIR, or NULL */
	batch_set done_before;	 /* --resume */
	/* input, under in_lock */
	pthread_mutex_t in_lock;
	batch_reader reader;
	bool read_failed;
	/* output and counters, under out_lock */
	pthread_mutex_t out_lock;
	unsigned long total; /* 0: unknown (a pipe) */
	unsigned long done, skipped, bad_lines, failed;
	unsigned long verdicts[4]; /* by cs_state */
	int worst;
	bool write_failed;
	bool capture_failed; /* a --captures file could not be written */
	bool progress;
	int64_t t0_us, drawn_us;
	unsigned max_inflight;	/* per loop */
	cs_probe_hub_stats net; /* every loop's, summed at the end */
	unsigned long peak_inflight;
	unsigned long inflight;	    /* names in flight now, all loops */
	unsigned hist[HIST_MS + 1]; /* probe time per name, ms; last: longer */
	unsigned long nhist;
} batch;

/* One name in flight. */
typedef struct {
	cs_probe *probe;
	batch_item it;
} active;

/* One event loop's state (one thread). */
typedef struct {
	batch *b;
	cs_probe_hub *hub;
	cs_msg_memo *msgs; /* this thread's parses of cached answers */
	active **act;
	size_t nact;
	cs_window window; /* how many names this loop keeps in flight */
	unsigned long finished;
} loop;

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

/* How bad an exit code is: the batch exits with the worst one seen. A
 * rejected input line outranks every verdict. */
static int rank(int code)
{
	switch (code) {
	case CS_EXIT_OK:
		return 0;
	case CS_EXIT_WARN:
		return 1;
	case CS_EXIT_INCOMPLETE:
		return 2;
	case CS_EXIT_BOGUS:
		return 3;
	case CS_EXIT_DATAERR:
		return 4;
	default:
		return 5;
	}
}

static void fmt_duration(double s, char *out, size_t len)
{
	unsigned long t = s > 0 && s < 3.6e6 ? (unsigned long)(s + 0.5) : 0;
	if (t >= 3600)
		snprintf(out, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(out, len, "%lu:%02lu", t / 60, t % 60);
}

/* The progress line on stderr (a terminal only). Caller holds out_lock. */
static void draw_progress(batch *b, bool force)
{
	int64_t t = now_us();
	if (!b->progress || (!force && t - b->drawn_us < PROGRESS_PERIOD_US))
		return;
	b->drawn_us = t;
	double el = (double)(t - b->t0_us) / 1e6;
	unsigned long n = b->done + b->skipped;
	double rate = el > 0 ? (double)(b->done - b->bad_lines) / el : 0;
	char bar[24], eta[32] = "?";
	size_t width = sizeof(bar) - 1, fill = 0;
	if (b->total > 0) {
		fill = (size_t)((double)width * (double)(n > b->total ? b->total : n) /
				(double)b->total);
		if (rate > 0 && b->total > n)
			fmt_duration((double)(b->total - n) / rate, eta, sizeof(eta));
		else if (b->total <= n)
			snprintf(eta, sizeof(eta), "0:00");
	}
	for (size_t i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : (b->total ? '.' : ' ');
	bar[width] = 0;
	char tot[24] = "?";
	if (b->total)
		snprintf(tot, sizeof(tot), "%lu", b->total);
	fprintf(stderr,
		"\r\033[K[%s] %lu/%s  %.1f names/s  ETA %s  secure %lu  insecure %lu  bogus %lu"
		"  other %lu",
		bar, n, tot, rate, eta, b->verdicts[CS_STATE_SECURE],
		b->verdicts[CS_STATE_INSECURE], b->verdicts[CS_STATE_BOGUS],
		b->verdicts[CS_STATE_INDETERMINATE] + b->failed + b->bad_lines);
	fflush(stderr);
}

/* Write one line (text without newline; NULL: out of memory) and count it.
 * state < 0: not a verdict (an error line). */
static void emit(batch *b, char *text, int state, int code)
{
	pthread_mutex_lock(&b->out_lock);
	if (text == NULL) {
		code = CS_EXIT_SOFTWARE;
	} else if (!b->write_failed) {
		if (fputs(text, stdout) == EOF || putchar('\n') == EOF || fflush(stdout) != 0) {
			b->write_failed = true;
			fprintf(stderr, "%schainscope: batch: writing the output: %s\n",
				b->progress ? "\r\033[K" : "", strerror(errno));
		}
	}
	if (state >= 0 && state < 4)
		b->verdicts[state]++;
	b->done++;
	if (rank(code) > rank(b->worst))
		b->worst = code;
	draw_progress(b, false);
	pthread_mutex_unlock(&b->out_lock);
	free(text);
}

/* A JSON line for an input line that could not be checked. */
static void emit_error(batch *b, const batch_item *it, const char *error, int code)
{
	json_t *o = json_object();
	json_object_set_new(o, "schema", json_string("chainscope-batch-error"));
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "input", json_string(b->in_name));
	json_object_set_new(o, "line", json_integer((json_int_t)it->line));
	json_object_set_new(o, "text", json_string(it->text));
	json_object_set_new(o, "error", json_string(error));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	pthread_mutex_lock(&b->out_lock);
	if (code == CS_EXIT_DATAERR)
		b->bad_lines++;
	else
		b->failed++;
	fprintf(stderr, "%schainscope: %s:%lu: %s\n", b->progress ? "\r\033[K" : "", b->in_name,
		it->line, error);
	pthread_mutex_unlock(&b->out_lock);
	emit(b, s, -1, code);
}

/* --captures: save a name's capture as DIR/LINE-NAME-TYPE.json; the name
 * without its last dot ("root" for the root) keeps letters, digits, '-',
 * '_' and dots ('_' for anything else, a leading dot too), and the line
 * number keeps names apart. */
static void save_capture(batch *b, const batch_item *it, const cs_capture *cap)
{
	char nb[CS_NAME_TEXT_MAX], tb[16], msg[512];
	const char *name = cs_name_str(&it->name, nb);
	char safe[CS_NAME_TEXT_MAX];
	size_t n = 0;
	for (const char *p = name; *p && p[1] && n + 1 < sizeof(safe); p++) /* not the last dot */
		safe[n++] =
		    isalnum((unsigned char)*p) || *p == '-' || *p == '_' || (*p == '.' && p != name)
			? *p
			: '_';
	safe[n] = 0;
	if (n == 0)
		snprintf(safe, sizeof(safe), "root");
	size_t len = strlen(b->captures) + n + 48;
	char *path = malloc(len);
	if (path == NULL) {
		snprintf(msg, sizeof(msg), "out of memory");
	} else {
		snprintf(path, len, "%s/%06lu-%s-%s.json", b->captures, it->line, safe,
			 cs_rrtype_str(it->type, tb));
		if (cs_capture_save(cap, path, msg, sizeof(msg)) == CS_OK) {
			free(path);
			return;
		}
	}
	free(path);
	pthread_mutex_lock(&b->out_lock);
	b->capture_failed = true;
	fprintf(stderr, "%schainscope: --captures: %s\n", b->progress ? "\r\033[K" : "", msg);
	pthread_mutex_unlock(&b->out_lock);
}

/* --captures DIR: an existing directory, or one made now. */
static bool captures_dir(const char *dir)
{
	struct stat st;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "chainscope: --captures: %s: %s\n", dir, strerror(errno));
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "chainscope: --captures: %s: not a directory\n", dir);
		return false;
	}
	return true;
}

/* Analyze and print one probed name. */
static void report_one(batch *b, cs_msg_memo *msgs, const batch_item *it, cs_capture *cap)
{
	cs_analysis *an = NULL;
	char msg[512];
	int64_t t0 = now_us();
	cs_analyze_opts ao;
	/* --at was checked at the start. */
	(void)cli_analyze_opts(b->o, cap, b->o->at, NULL, &ao, msg, sizeof(msg));
	ao.verify_cache = b->verify;
	ao.msg_memo = msgs;
	cs_err err = cs_analyze(cap, &ao, &an, msg, sizeof(msg));
	/* The name's time: its probe's, then this analysis. */
	batch_metrics_add(b->metrics, &it->name, it->type, err == CS_OK ? an : NULL, cap,
			  (double)cap->duration_us / 1e6 + (double)(now_us() - t0) / 1e6);
	if (err != CS_OK) {
		emit_error(b, it, msg, err == CS_ENOMEM ? CS_EXIT_SOFTWARE : CS_EXIT_USAGE);
	} else {
		emit(b, cs_render_json_line(an, cap), (int)an->verdict, cli_exit_code(an));
	}
	cs_analysis_free(&an);
	cs_msg_memo_trim(msgs); /* nothing points into it now */
}

static void probe_failed(batch *b, const batch_item *it, cs_err err)
{
	batch_metrics_add(b->metrics, &it->name, it->type, NULL, NULL, 0.0);
	char msg[128];
	snprintf(msg, sizeof(msg), "probe failed: %s", cs_strerror(err));
	emit_error(b, it, msg, CS_EXIT_INCOMPLETE);
}

/* The next input line to check; false at the end. Skips --resume names. */
static bool next_item(batch *b, batch_item *it)
{
	for (;;) {
		pthread_mutex_lock(&b->in_lock);
		batch_next r = b->read_failed ? BATCH_EOF : batch_reader_next(&b->reader, it);
		if (r == BATCH_READ_ERROR) {
			b->read_failed = true;
			fprintf(stderr, "chainscope: %s: read error: %s\n", b->in_name,
				strerror(errno));
		}
		pthread_mutex_unlock(&b->in_lock);
		if (r != BATCH_ITEM)
			return false;
		if (it->bad || !batch_set_has(&b->done_before, it->key))
			return true;
		pthread_mutex_lock(&b->out_lock);
		b->skipped++;
		draw_progress(b, false);
		pthread_mutex_unlock(&b->out_lock);
	}
}

/* Count a name in or out of flight (for the summary). */
static void count_inflight(batch *b, int delta)
{
	pthread_mutex_lock(&b->out_lock);
	b->inflight = (unsigned long)((long)b->inflight + delta);
	if (b->inflight > b->peak_inflight)
		b->peak_inflight = b->inflight;
	pthread_mutex_unlock(&b->out_lock);
}

/* Start names until the window is full or the input ends. Returns false
 * at the end of the input. */
static bool fill(loop *l)
{
	batch *b = l->b;
	while (l->nact < l->window.size) {
		active *a = malloc(sizeof(*a));
		if (a == NULL)
			return true; /* try again once names finish */
		if (!next_item(b, &a->it)) {
			free(a);
			return false;
		}
		if (a->it.bad) {
			emit_error(b, &a->it, a->it.error, CS_EXIT_DATAERR);
			free(a);
			continue;
		}
		cs_err err = cs_probe_start(l->hub, &b->po, &b->hints, &b->anchors, &a->it.name,
					    a->it.type, &a->probe);
		if (err != CS_OK) {
			probe_failed(b, &a->it, err);
			free(a);
			continue;
		}
		l->act[l->nact++] = a;
		count_inflight(b, 1);
	}
	return true;
}

/* Hand over every done probe: analyze, print, free. */
static void harvest(loop *l)
{
	batch *b = l->b;
	for (size_t i = 0; i < l->nact;) {
		active *a = l->act[i];
		if (!cs_probe_done(a->probe)) {
			i++;
			continue;
		}
		l->act[i] = l->act[--l->nact];
		count_inflight(b, -1);
		cs_capture *cap = NULL;
		cs_err err = cs_probe_finish(&a->probe, &cap);
		if (err != CS_OK) {
			probe_failed(b, &a->it, err);
		} else {
			int64_t ms = cap->duration_us / 1000;
			pthread_mutex_lock(&b->out_lock);
			b->hist[ms < 0 ? 0 : ms > HIST_MS ? HIST_MS : ms]++;
			b->nhist++;
			pthread_mutex_unlock(&b->out_lock);
			if (b->captures != NULL)
				save_capture(b, &a->it, cap);
			report_one(b, l->msgs, &a->it, cap);
			cs_capture_free(&cap);
		}
		free(a);
		cs_probe_hub_stats st;
		cs_probe_hub_get_stats(l->hub, &st);
		cs_window_finished(&l->window, &st, now_us());
#ifdef __GLIBC__
		/* Give freed memory back now and then: glibc's arenas
		 * otherwise keep every loop's peak. */
		if (++l->finished % TRIM_EVERY == 0)
			malloc_trim(0);
#endif
	}
}

static void *run_loop(void *arg)
{
	loop *l = arg;
	batch *b = l->b;
	l->act = calloc(b->max_inflight, sizeof(*l->act));
	if (l->act == NULL || cs_msg_memo_new(MSG_MEMO_BYTES, &l->msgs) != CS_OK ||
	    cs_probe_hub_new(b->po.timeout_ms, b->po.retries, true, b->po.monotonic_us,
			     b->po.clock_ctx, b->po.cache, &l->hub) != CS_OK) {
		pthread_mutex_lock(&b->out_lock);
		fprintf(stderr, "chainscope: batch: out of memory starting an event loop\n");
		b->failed++;
		pthread_mutex_unlock(&b->out_lock);
		cs_msg_memo_free(&l->msgs);
		free(l->act);
		return NULL;
	}
	/* Without the shared cache nothing is cached: no use for the memo. */
	if (b->po.cache != NULL)
		cs_probe_hub_set_msg_memo(l->hub, l->msgs);
	cs_window_init(&l->window, START_WINDOW, b->max_inflight, b->po.timeout_ms, now_us());
	bool more = true;
	for (;;) {
		if (more)
			more = fill(l);
		if (l->nact == 0 && !more)
			break;
		int64_t t = now_us(), c = clock_us(CLOCK_THREAD_CPUTIME_ID);
		cs_err err = cs_probe_hub_step(l->hub, 1000);
		cs_window_stepped(&l->window, now_us() - t, clock_us(CLOCK_THREAD_CPUTIME_ID) - c);
		if (err != CS_OK) {
			pthread_mutex_lock(&b->out_lock);
			fprintf(stderr, "chainscope: batch: poll failed: %s\n", strerror(errno));
			pthread_mutex_unlock(&b->out_lock);
			break;
		}
		harvest(l);
	}
	/* Only after a poll failure are names left: report them. */
	for (size_t i = 0; i < l->nact; i++) {
		probe_failed(b, &l->act[i]->it, CS_EIO);
		count_inflight(b, -1);
	}
	cs_probe_hub_stats st;
	cs_probe_hub_get_stats(l->hub, &st);
	pthread_mutex_lock(&b->out_lock);
	b->net.sent += st.sent;
	b->net.shared += st.shared;
	b->net.cached += st.cached;
	b->net.timeouts += st.timeouts;
	b->net.losses += st.losses;
	pthread_mutex_unlock(&b->out_lock);
	/* The hub goes first: probes left owe nothing to it after this. */
	cs_probe_hub_free(&l->hub);
	for (size_t i = 0; i < l->nact; i++) {
		cs_capture *cap = NULL;
		(void)cs_probe_finish(&l->act[i]->probe, &cap);
		free(l->act[i]);
	}
	cs_msg_memo_free(&l->msgs);
	free(l->act);
	return NULL;
}

/* A whole number in lo..hi for option opt; false (message printed) if not. */
static bool parse_count(const char *opt, const char *val, unsigned long lo, unsigned long hi,
			unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(val, &end, 10);
	if (*val == 0 || *val == '-' || *end != 0 || errno != 0 || v < lo || v > hi) {
		fprintf(stderr, "chainscope: %s: '%s' is not %lu..%lu\n", opt, val, lo, hi);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

/* batch's own options, taken out of argv (the rest goes to cli_parse). */
typedef struct {
	unsigned jobs;
	unsigned max_inflight;
	const char *resume;
	bool cache;
} batch_args;

/* Returns false (message printed) on a bad value. */
static bool own_options(int *argc, char **argv, batch_args *ba)
{
	static const char *const valued[] = {"--jobs", "-j", "--resume", "--max-inflight"};
	int w = 0;
	for (int i = 0; i < *argc; i++) {
		const char *a = argv[i];
		const char *opt = NULL, *val = NULL;
		for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]) && opt == NULL; k++) {
			size_t n = strlen(valued[k]);
			if (strcmp(a, valued[k]) == 0) {
				if (i + 1 >= *argc) {
					fprintf(stderr, "chainscope: %s needs a value\n", a);
					return false;
				}
				opt = valued[k];
				val = argv[++i];
			} else if (n > 2 && strncmp(a, valued[k], n) == 0 && a[n] == '=') {
				opt = valued[k];
				val = a + n + 1;
			}
		}
		if (opt == NULL) {
			if (strcmp(a, "--no-cache") == 0) {
				ba->cache = false;
			} else if (strcmp(a, "--") == 0) {
				while (i < *argc)
					argv[w++] = argv[i++];
				break;
			} else {
				argv[w++] = argv[i];
			}
			continue;
		}
		if (strcmp(opt, "--resume") == 0)
			ba->resume = val;
		else if (strcmp(opt, "--max-inflight") == 0) {
			if (!parse_count(opt, val, 1, MAX_INFLIGHT, &ba->max_inflight))
				return false;
		} else if (!parse_count("--jobs", val, 1, MAX_JOBS, &ba->jobs))
			return false;
	}
	*argc = w;
	return true;
}

/* The closing lines on stderr: counts by verdict, rate, cache use. */
static void summary(batch *b, cs_probe_cache *cache)
{
	uint64_t vhits = 0, vmisses = 0;
	if (b->verify != NULL)
		cs_verify_cache_counts(b->verify, &vhits, &vmisses);
	double el = (double)(now_us() - b->t0_us) / 1e6;
	fprintf(stderr,
		"batch: %lu names in %.2f s (%.1f names/s): %lu secure, %lu insecure, %lu bogus, "
		"%lu indeterminate, %lu failed, %lu bad lines, %lu skipped (--resume)\n",
		b->done - b->bad_lines, el, el > 0 ? (double)(b->done - b->bad_lines) / el : 0.0,
		b->verdicts[CS_STATE_SECURE], b->verdicts[CS_STATE_INSECURE],
		b->verdicts[CS_STATE_BOGUS], b->verdicts[CS_STATE_INDETERMINATE], b->failed,
		b->bad_lines, b->skipped);
	if (cache != NULL) {
		cs_probe_cache_stats st;
		cs_probe_cache_get_stats(cache, &st);
		fprintf(stderr,
			"batch: cache of the zones above the names: %llu hits, %llu misses, %zu "
			"entries, %zu KiB%s; their signatures: %llu verified, %llu reused\n",
			(unsigned long long)st.hits, (unsigned long long)st.misses, st.entries,
			st.bytes / 1024, st.full ? " (full)" : "", (unsigned long long)vmisses,
			(unsigned long long)vhits);
	}
	double med = 0, p95 = 0;
	unsigned long seen = 0;
	for (size_t ms = 0; ms <= HIST_MS && b->nhist > 0; ms++) {
		unsigned long before = seen;
		seen += b->hist[ms];
		if (before * 2 < b->nhist && seen * 2 >= b->nhist)
			med = (double)ms;
		if (before * 20 < b->nhist * 19 && seen * 20 >= b->nhist * 19)
			p95 = (double)ms;
	}
	fprintf(stderr,
		"batch: %lu queries sent, %lu shared with an identical one in flight, %lu from the "
		"cache, %lu timeouts (%lu from servers that had answered); at most %lu names in "
		"flight; probe time per name: median %.0f ms, 95th percentile %.0f ms\n",
		b->net.sent, b->net.shared, b->net.cached, b->net.timeouts, b->net.losses,
		b->peak_inflight, med, p95);
}

/* Start the event loops and wait for them. Returns false when none
 * started. */
static bool run_loops(batch *b, unsigned jobs)
{
	pthread_t tids[MAX_JOBS];
	loop loops[MAX_JOBS];
	memset(loops, 0, sizeof(loops));
	unsigned started = 0;
	for (unsigned i = 0; i < jobs; i++) {
		loops[i].b = b;
		if (pthread_create(&tids[i], NULL, run_loop, &loops[i]) != 0)
			break;
		started++;
	}
	if (started < jobs)
		fprintf(stderr, "chainscope: batch: started %u of %u event loops\n", started, jobs);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	return started > 0;
}

/* One event loop per online core, at most MAX_JOBS. */
static unsigned default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

int cmd_batch(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope batch [FILE|-] [--jobs N] [--max-inflight N] [--resume OUTPUT] "
	    "[--no-cache] [--at TIME] "
	    "[--hints FILE] [--anchor FILE] [--port N] [--timeout S] [--retries N] [-4|-6] "
	    "[--max-queries N] [--ds ZONE=DS] [--metrics FILE] [--captures DIR] [-q] "
	    "[limits: see chainscope probe]";
	batch_args ba = {.jobs = default_jobs(),
			 .max_inflight = DEFAULT_INFLIGHT,
			 .resume = NULL,
			 .cache = true};
	if (!own_options(&argc, argv, &ba))
		return CS_EXIT_USAGE;
	const char *resume = ba.resume;
	bool use_cache = ba.cache;
	unsigned jobs = ba.jobs < ba.max_inflight ? ba.jobs : ba.max_inflight;
	cli_opts o;
	if (!cli_parse(argc, argv, &o, usage))
		return CS_EXIT_USAGE;
	if (o.type || o.capture_file || o.output || o.dot || o.svg || o.png || o.nns || o.nagios ||
	    o.warning || o.critical || o.expect) {
		fprintf(stderr,
			"chainscope: batch takes one input file and writes JSON Lines to "
			"stdout (no TYPE, --capture, -o, --ns or graphs)\nusage: %s\n",
			usage);
		return CS_EXIT_USAGE;
	}
	int64_t at_check;
	if (o.at && !cli_parse_at(o.at, 0, &at_check)) {
		fprintf(stderr,
			"chainscope: --at '%s': expected an ISO 8601 time, @SECONDS, now, "
			"or +/-N[smhdw]\n",
			o.at);
		return CS_EXIT_USAGE;
	}

	batch *b = calloc(1, sizeof(*b));
	if (b == NULL)
		return CS_EXIT_SOFTWARE;
	b->o = &o;
	b->worst = CS_EXIT_OK;
	b->max_inflight = ba.max_inflight / jobs;
	cs_arena a;
	cs_arena_init(&a);
	cs_probe_cache *cache = NULL;
	int rc = CS_EXIT_OK;
	FILE *in = stdin;
	bool locks = false;
	bool from_stdin = o.name == NULL || strcmp(o.name, "-") == 0;
	b->in_name = from_stdin ? "<stdin>" : o.name;
	if (!from_stdin && (in = fopen(o.name, "r")) == NULL) {
		fprintf(stderr, "chainscope: %s: %s\n", o.name, strerror(errno));
		rc = CS_EXIT_NOINPUT;
		goto out;
	}
	struct stat st;
	/* The progress total: a quick pass over a regular file; unknown for a
	 * pipe. */
	if (!from_stdin && fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
		b->total = batch_count_lines(o.name);
	size_t nresume = 0;
	if (resume && !batch_set_load(&b->done_before, resume, &nresume)) {
		fprintf(stderr, "chainscope: --resume %s: %s\n", resume, strerror(errno));
		rc = CS_EXIT_NOINPUT;
		goto out;
	}
	if (!cli_load_hints(&o, &a, &b->hints)) {
		rc = cli_file_exit(o.hints_file);
		goto out;
	}
	if (!cli_load_anchors(&o, &a, &b->anchors)) {
		rc = cli_anchor_exit(&o);
		goto out;
	}
	if (!cli_probe_opts(&o, &a, &b->po, NULL)) {
		rc = CS_EXIT_USAGE;
		goto out;
	}
	b->po.progress = NULL; /* the batch draws its own */
	b->po.shared_net_library = true;
	if (use_cache && cs_probe_cache_new(CACHE_MAX_LABELS, CACHE_MAX_BYTES, &cache) != CS_OK) {
		rc = CS_EXIT_SOFTWARE;
		goto out;
	}
	b->po.cache = cache;
	if (o.metrics && (b->metrics = batch_metrics_new(o.metrics)) == NULL)
		goto fail;
	if (o.captures && !captures_dir(o.captures))
		goto fail;
	b->captures = o.captures;
	if (use_cache &&
	    cs_verify_cache_new(CACHE_MAX_LABELS, CACHE_MAX_BYTES, &b->verify) != CS_OK)
		goto fail;
	if (pthread_mutex_init(&b->in_lock, NULL) != 0)
		goto fail;
	if (pthread_mutex_init(&b->out_lock, NULL) != 0) {
		pthread_mutex_destroy(&b->in_lock);
		goto fail;
	}
	locks = true;
	if (cs_net_library_init() != CS_OK)
		goto fail;
	batch_reader_init(&b->reader, in);
	b->progress = !o.quiet && isatty(STDERR_FILENO);
	b->t0_us = now_us();
	if (!run_loops(b, jobs)) {
		rc = CS_EXIT_SOFTWARE;
	} else {
		if (b->progress) {
			draw_progress(b, true);
			fputs("\n", stderr);
		}
		if (!o.quiet)
			summary(b, cache);
		rc = b->worst;
		if (b->read_failed)
			rc = CS_EXIT_NOINPUT;
		if (b->write_failed || b->capture_failed)
			rc = CS_EXIT_SOFTWARE;
		if (!batch_metrics_finish(&b->metrics, true))
			rc = CS_EXIT_SOFTWARE;
	}
	batch_reader_free(&b->reader);
	cs_net_library_cleanup();
out:
	if (locks) {
		pthread_mutex_destroy(&b->in_lock);
		pthread_mutex_destroy(&b->out_lock);
	}
	if (in != NULL && in != stdin)
		fclose(in);
	batch_metrics_finish(&b->metrics, false);
	cs_probe_cache_free(&cache);
	cs_verify_cache_free(&b->verify);
	batch_set_free(&b->done_before);
	cs_rrlist_free(&b->hints);
	cs_rrlist_free(&b->anchors);
	cs_arena_clear(&a);
	free(b);
	return rc;
fail:
	rc = CS_EXIT_SOFTWARE;
	goto out;
}
