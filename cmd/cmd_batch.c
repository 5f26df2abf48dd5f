/*
 * cmd_batch.c - chainscope batch: many names at once. N worker threads
 * each take the next line from the shared reader, probe, analyze and render
 * it exactly as `check --json` would (on one line), and write the line in
 * completion order. The probes share one cache of the answers about the
 * zones above the names (core/probe/probe_cache.h). Memory depends on --jobs, not
 * on the number of names: the input is streamed and every result is freed
 * once written.
 */
#include "batch_input.h"
#include "batch_metrics.h"
#include "cli.h"
#include "commands.h"

#include "analyze/analyze.h"
#include "dnssec/verify_cache.h"
#include "json.h"
#include "probe/net.h"
#include "probe/probe_cache.h"

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
#define CACHE_MAX_LABELS   1	       /* the root and the TLDs */
#define CACHE_MAX_BYTES	   (64u << 20) /* far above what the ancestors need */
#define PROGRESS_PERIOD_US 200000

typedef struct {
	/* read-only while the workers run */
	const cli_opts *o;
	const char *in_name;
	cs_probe_opts po;
	cs_rrlist hints, anchors;
	cs_verify_cache *verify; /* signatures of the zones above, checked once */
	batch_metrics *metrics;	 /* --metrics, or NULL */
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
	bool progress;
	int64_t t0_us, drawn_us;
} batch;

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
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

/* Probe, analyze and print one name. */
static void check_one(batch *b, const batch_item *it)
{
	cs_capture *cap = NULL;
	cs_analysis *an = NULL;
	char msg[512];
	int64_t t0 = now_us();
	cs_err err = cs_probe_run(&b->po, &b->hints, &b->anchors, &it->name, it->type, &cap);
	if (err != CS_OK) {
		batch_metrics_add(b->metrics, &it->name, it->type, NULL, NULL,
				  (double)(now_us() - t0) / 1e6);
		snprintf(msg, sizeof(msg), "probe failed: %s", cs_strerror(err));
		emit_error(b, it, msg, CS_EXIT_INCOMPLETE);
		return;
	}
	cs_analyze_opts ao;
	/* --at was checked at the start. */
	(void)cli_analyze_opts(b->o, cap, b->o->at, NULL, &ao, msg, sizeof(msg));
	ao.verify_cache = b->verify;
	err = cs_analyze(cap, &ao, &an, msg, sizeof(msg));
	batch_metrics_add(b->metrics, &it->name, it->type, err == CS_OK ? an : NULL, cap,
			  (double)(now_us() - t0) / 1e6);
	if (err != CS_OK) {
		emit_error(b, it, msg, err == CS_ENOMEM ? CS_EXIT_SOFTWARE : CS_EXIT_USAGE);
	} else {
		emit(b, cs_render_json_line(an, cap), (int)an->verdict, cli_exit_code(an));
	}
	cs_analysis_free(&an);
	cs_capture_free(&cap);
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

static void *worker(void *arg)
{
	batch *b = arg;
	batch_item *it = malloc(sizeof(*it));
	if (it == NULL)
		return NULL;
	unsigned done = 0;
	while (next_item(b, it)) {
		if (it->bad)
			emit_error(b, it, it->error, CS_EXIT_DATAERR);
		else
			check_one(b, it);
#ifdef __GLIBC__
		/* Give freed memory back every few names: with many threads,
		 * glibc's arenas otherwise keep the peaks of every worker and
		 * peak RSS creeps up with the number of names (trimming after
		 * every name costs a third of the speed). */
		if (++done % 16 == 0)
			malloc_trim(0);
#endif
	}
	free(it);
	return NULL;
}

/* Take batch's own options out of argv (into jobs/resume/cache); the rest
 * goes to cli_parse. Returns false (message printed) on a bad value. */
static bool own_options(int *argc, char **argv, unsigned *jobs, const char **resume, bool *cache)
{
	int w = 0;
	for (int i = 0; i < *argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		bool is_jobs = strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0;
		bool is_resume = strcmp(a, "--resume") == 0;
		if (strncmp(a, "--jobs=", 7) == 0 || strncmp(a, "--resume=", 9) == 0) {
			is_jobs = a[2] == 'j';
			is_resume = !is_jobs;
			val = strchr(a, '=') + 1;
		} else if (is_jobs || is_resume) {
			if (i + 1 >= *argc) {
				fprintf(stderr, "chainscope: %s needs a value\n", a);
				return false;
			}
			val = argv[++i];
		} else if (strcmp(a, "--no-cache") == 0) {
			*cache = false;
			continue;
		} else if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[w++] = argv[i++];
			break;
		}
		if (is_resume) {
			*resume = val;
		} else if (is_jobs) {
			char *end;
			unsigned long v = strtoul(val, &end, 10);
			if (*val == 0 || *end != 0 || v < 1 || v > MAX_JOBS) {
				fprintf(stderr, "chainscope: --jobs: '%s' is not 1..%d\n", val,
					MAX_JOBS);
				return false;
			}
			*jobs = (unsigned)v;
		} else {
			argv[w++] = argv[i];
		}
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
}

/* Start the workers and wait for them. Returns false when none started. */
static bool run_workers(batch *b, unsigned jobs)
{
	pthread_t tids[MAX_JOBS];
	unsigned started = 0;
	for (unsigned i = 0; i < jobs; i++) {
		if (pthread_create(&tids[i], NULL, worker, b) != 0)
			break;
		started++;
	}
	if (started < jobs)
		fprintf(stderr, "chainscope: batch: started %u of %u workers\n", started, jobs);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	return started > 0;
}

int cmd_batch(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope batch [FILE|-] [--jobs N] [--resume OUTPUT] [--no-cache] [--at TIME] "
	    "[--hints FILE] [--anchor FILE] [--port N] [--timeout S] [--retries N] [-4|-6] "
	    "[--max-queries N] [--ds ZONE=DS] [--metrics FILE] [-q] [limits: see chainscope probe]";
	unsigned jobs = 8;
	const char *resume = NULL;
	bool use_cache = true;
	if (!own_options(&argc, argv, &jobs, &resume, &use_cache))
		return CS_EXIT_USAGE;
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
		rc = cli_file_exit(o.anchor_file);
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
	if (!run_workers(b, jobs)) {
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
		if (b->write_failed)
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
