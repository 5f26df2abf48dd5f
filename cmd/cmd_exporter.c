/*
 * cmd_exporter.c - chainscope exporter: a Prometheus exporter in the
 * multi-target style. An HTTP server (libmicrohttpd, a thread per
 * connection) answers
 *   GET /probe?target=NAME[&type=TYPE]   probe NAME and answer its metrics
 *   GET /metrics                         the exporter's own metrics
 *   GET /                                a small page with a form
 * The probes share a cache of the root and TLD answers, each kept for its
 * TTL, bounded in bytes. An exporter makes its host send DNS queries for
 * whoever reaches it, so it listens on 127.0.0.1 unless told otherwise,
 * --allow restricts the names, and at most --max-probes probes run at
 * once (more get 503). SIGTERM or SIGINT stops it: the probes in flight
 * finish, then it exits 0.
 */
#include "cli.h"
#include "commands.h"

#include "analyze/analyze.h"
#include "base/buf.h"
#include "cs_config.h"
#include "dns/rrtype.h"
#include "escape.h"
#include "exporter.h"
#include "metrics.h"
#include "probe/net.h"
#include "probe/probe_cache.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LISTEN	  "127.0.0.1:9353"
#define MAX_ALLOW	  16
#define CACHE_MAX_LABELS  1	      /* the root and the TLDs */
#define CACHE_MAX_BYTES	  (16u << 20) /* a few thousand answers */
#define CACHE_MAX_TTL	  86400	      /* keep nothing longer than a day */
#define MAX_TARGET_TEXT	  1024	      /* longer than any name in presentation format */
#define IDLE_TIMEOUT_S	  30	      /* an idle connection is closed after this */
#define CONNECTIONS_EXTRA 32	      /* connections beyond --max-probes (scrapes of /metrics...) */
#define TIMEOUT_HEADER	  "X-Prometheus-Scrape-Timeout-Seconds"
#define METRICS_TYPE	  "text/plain; version=0.0.4; charset=utf-8"

typedef struct {
	cli_opts o;
	cs_arena arena;
	cs_probe_opts po; /* the base for every probe */
	cs_rrlist hints, anchors;
	cs_probe_cache *cache;
	regex_t allow[MAX_ALLOW];
	const char *allow_text[MAX_ALLOW];
	size_t nallow;
	unsigned max_probes;
	double probe_timeout_s;
	/* counters, under lock */
	pthread_mutex_t lock;
	cs_exporter_stats stats;
	unsigned active; /* requests between their first call and their completion */
} exporter;

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_s(void *ctx)
{
	(void)ctx;
	return mono_us() / 1000000;
}

static void count(exporter *e, cs_exporter_outcome oc)
{
	pthread_mutex_lock(&e->lock);
	e->stats.requests[oc]++;
	pthread_mutex_unlock(&e->lock);
}

/* Queue a response whose body b holds (taken over, freed here). */
static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type,
			       cs_buf *b)
{
	if (b->err != CS_OK) {
		cs_buf_free(b);
		return MHD_NO; /* out of memory: close the connection */
	}
	size_t len = b->len;
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, len ? b->data : (void *)"", MHD_RESPMEM_MUST_COPY);
	cs_buf_free(b);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A one-line plain-text answer: status and why (escaped: it may quote the
 * request). */
static enum MHD_Result fail(exporter *e, struct MHD_Connection *c, unsigned status,
			    cs_exporter_outcome oc, const char *why, const char *quoted)
{
	count(e, oc);
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, why);
	if (quoted != NULL) {
		cs_buf_str(&b, ": '");
		cs_escape_term(&b, quoted);
		cs_buf_u8(&b, '\'');
	}
	cs_buf_u8(&b, '\n');
	return respond(c, status, "text/plain; charset=utf-8", &b);
}

/* Does the name (lower case, no final dot but for the root) match --allow?
 * True when there is no --allow. */
static bool allowed(const exporter *e, const cs_name *name)
{
	if (e->nallow == 0)
		return true;
	char text[CS_NAME_TEXT_MAX];
	cs_name n = *name;
	cs_name_lower(&n);
	cs_name_str(&n, text);
	size_t l = strlen(text);
	if (l > 1 && text[l - 1] == '.')
		text[l - 1] = 0;
	for (size_t i = 0; i < e->nallow; i++)
		if (regexec(&e->allow[i], text, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* The probe's time budget in ms: --probe-timeout, or less when Prometheus
 * says its scrape times out sooner (half a second kept for the answer). */
static unsigned budget_ms(const exporter *e, struct MHD_Connection *c)
{
	double t = e->probe_timeout_s;
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, TIMEOUT_HEADER);
	if (h != NULL) {
		char *end;
		double s = strtod(h, &end);
		if (end != h && *end == 0 && s > 1.0 && s - 0.5 < t)
			t = s - 0.5;
	}
	return (unsigned)(t * 1000.0);
}

/* Probe and analyze name/type within budget; fills *cap and *an (either may
 * stay NULL on failure) and returns false when the probe or analysis
 * failed. */
static bool probe(exporter *e, const cs_name *name, uint16_t type, unsigned budget,
		  cs_capture **cap, cs_analysis **an)
{
	cs_probe_opts po = e->po;
	/* No query is sent once the budget, less the time one query can take
	 * (every attempt), is spent; at least a quarter of it is for sending. */
	unsigned one = po.timeout_ms * (po.retries + 1);
	po.max_time_ms = budget > one && budget - one > budget / 4 ? budget - one : budget / 4;
	if (po.max_time_ms == 0)
		po.max_time_ms = 1;
	if (cs_probe_run(&po, &e->hints, &e->anchors, name, type, cap) != CS_OK)
		return false;
	cs_analyze_opts ao;
	char msg[256];
	return cli_analyze_opts(&e->o, *cap, NULL, NULL, &ao, msg, sizeof(msg)) &&
	       cs_analyze(*cap, &ao, an, msg, sizeof(msg)) == CS_OK;
}

static enum MHD_Result handle_probe(exporter *e, struct MHD_Connection *c)
{
	size_t tlen = 0;
	const char *target = NULL;
	if (MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, "target", 6, &target, &tlen) !=
		MHD_YES ||
	    target == NULL || tlen == 0)
		return fail(e, c, MHD_HTTP_BAD_REQUEST, CS_EXP_BAD_TARGET,
			    "missing target parameter (/probe?target=NAME[&type=TYPE])", NULL);
	if (tlen > MAX_TARGET_TEXT || strlen(target) != tlen)
		return fail(e, c, MHD_HTTP_BAD_REQUEST, CS_EXP_BAD_TARGET,
			    "target is not a domain name (too long, or a NUL octet)", NULL);
	cs_name name;
	cs_err err = cs_name_from_text(target, tlen, NULL, &name);
	if (err != CS_OK) {
		char why[128];
		snprintf(why, sizeof(why), "target is not a domain name (%s)", cs_strerror(err));
		return fail(e, c, MHD_HTTP_BAD_REQUEST, CS_EXP_BAD_TARGET, why, target);
	}
	uint16_t type = CS_TYPE_A;
	const char *ts = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "type");
	if (ts != NULL && (strlen(ts) > 32 || cs_rrtype_from_text(ts, strlen(ts), &type) != CS_OK))
		return fail(e, c, MHD_HTTP_BAD_REQUEST, CS_EXP_BAD_TARGET, "type is not an RR type",
			    ts);
	if (!allowed(e, &name))
		return fail(e, c, MHD_HTTP_FORBIDDEN, CS_EXP_FORBIDDEN,
			    "target not allowed by --allow", target);
	pthread_mutex_lock(&e->lock);
	bool busy = e->stats.in_flight >= e->max_probes;
	if (!busy)
		e->stats.in_flight++;
	pthread_mutex_unlock(&e->lock);
	if (busy)
		return fail(e, c, MHD_HTTP_SERVICE_UNAVAILABLE, CS_EXP_BUSY,
			    "too many probes in flight (--max-probes); try again later", NULL);

	int64_t t0 = mono_us();
	cs_capture *cap = NULL;
	cs_analysis *an = NULL;
	bool ok = probe(e, &name, type, budget_ms(e, c), &cap, &an);
	cs_metrics_probe mp = {
	    .an = ok ? an : NULL, .cap = cap, .duration_s = (double)(mono_us() - t0) / 1e6};
	cs_buf b;
	cs_buf_init(&b);
	cs_render_metrics(&mp, NULL, &b);
	cs_analysis_free(&an);
	cs_capture_free(&cap);

	pthread_mutex_lock(&e->lock);
	e->stats.in_flight--;
	e->stats.requests[CS_EXP_PROBED]++;
	if (!ok)
		e->stats.probe_errors++;
	pthread_mutex_unlock(&e->lock);
	return respond(c, MHD_HTTP_OK, METRICS_TYPE, &b);
}

static enum MHD_Result handle_metrics(exporter *e, struct MHD_Connection *c)
{
	cs_exporter_stats s;
	pthread_mutex_lock(&e->lock);
	e->stats.requests[CS_EXP_METRICS]++;
	s = e->stats;
	pthread_mutex_unlock(&e->lock);
	cs_probe_cache_stats cs;
	cs_probe_cache_get_stats(e->cache, &cs);
	s.cache_entries = cs.entries;
	s.cache_bytes = cs.bytes;
	s.cache_max_bytes = CACHE_MAX_BYTES;
	s.cache_hits = cs.hits;
	s.cache_misses = cs.misses;
	cs_buf b;
	cs_buf_init(&b);
	cs_render_exporter_metrics(&s, &b);
	return respond(c, MHD_HTTP_OK, METRICS_TYPE, &b);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_size, void **con_cls)
{
	exporter *e = cls;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) { /* the request's first call: count it until it completes */
		*con_cls = e;
		pthread_mutex_lock(&e->lock);
		e->active++;
		pthread_mutex_unlock(&e->lock);
	}
	*upload_size = 0; /* a body is ignored */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return fail(e, c, MHD_HTTP_METHOD_NOT_ALLOWED, CS_EXP_BAD_METHOD,
			    "only GET and HEAD", NULL);
	if (strcmp(url, "/probe") == 0)
		return handle_probe(e, c);
	if (strcmp(url, "/metrics") == 0)
		return handle_metrics(e, c);
	if (strcmp(url, "/") == 0) {
		count(e, CS_EXP_PAGE);
		cs_buf b;
		cs_buf_init(&b);
		cs_render_exporter_page(e->allow_text, e->nallow, "chainscope " CS_VERSION, &b);
		return respond(c, MHD_HTTP_OK, "text/html; charset=utf-8", &b);
	}
	return fail(e, c, MHD_HTTP_NOT_FOUND, CS_EXP_NOT_FOUND,
		    "not found: try /, /probe?target=NAME or /metrics", NULL);
}

/* A request is complete (answered, or its connection closed). */
static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	exporter *e = cls;
	(void)c;
	(void)toe;
	if (*con_cls == NULL)
		return;
	*con_cls = NULL;
	pthread_mutex_lock(&e->lock);
	e->active--;
	pthread_mutex_unlock(&e->lock);
}

/* After the daemon stopped accepting: wait for the requests being handled
 * to be answered, at most the probe timeout and a few seconds. */
static void drain(exporter *e)
{
	int64_t until = mono_us() + (int64_t)((e->probe_timeout_s + 5.0) * 1e6);
	for (;;) {
		pthread_mutex_lock(&e->lock);
		unsigned n = e->active;
		pthread_mutex_unlock(&e->lock);
		if (n == 0 || mono_us() >= until)
			return;
		nanosleep(&(struct timespec){.tv_nsec = 20000000}, NULL);
	}
}

/* ADDR:PORT, [V6ADDR]:PORT or PORT (on 127.0.0.1) into ss. */
static bool parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6)
{
	char host[64] = "127.0.0.1";
	const char *port = s;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (close == NULL || close[1] != ':' || (size_t)(close - s - 1) >= sizeof(host))
			return false;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = 0;
		port = close + 2;
	} else if (strchr(s, ':') != NULL) {
		const char *colon = strrchr(s, ':');
		if ((size_t)(colon - s) >= sizeof(host) || colon == s)
			return false;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = 0;
		port = colon + 1;
	}
	char *end;
	unsigned long p = strtoul(port, &end, 10);
	if (*port == 0 || *end != 0 || p > 65535)
		return false;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)p);
		*v6 = false;
		return true;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)p);
		*v6 = true;
		return true;
	}
	return false;
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

typedef struct {
	const char *listen;
	unsigned max_probes;
	double probe_timeout_s;
	const char *allow[MAX_ALLOW];
	size_t nallow;
} own_opts;

/* Take the exporter's own options out of argv (the rest goes to
 * cli_parse). Returns false (message printed) on a bad one. */
static bool own_options(int *argc, char **argv, own_opts *oo)
{
	static const char *const names[] = {"--listen", "--allow", "--max-probes",
					    "--probe-timeout"};
	int w = 0;
	for (int i = 0; i < *argc; i++) {
		const char *a = argv[i], *val = NULL;
		int which = -1;
		for (int k = 0; k < 4 && which < 0; k++) {
			size_t l = strlen(names[k]);
			if (strcmp(a, names[k]) == 0) {
				if (i + 1 >= *argc) {
					fprintf(stderr, "chainscope: %s needs a value\n", a);
					return false;
				}
				which = k;
				val = argv[++i];
			} else if (strncmp(a, names[k], l) == 0 && a[l] == '=') {
				which = k;
				val = a + l + 1;
			}
		}
		if (which < 0) {
			argv[w++] = argv[i];
			continue;
		}
		char *end;
		if (which == 0) {
			oo->listen = val;
		} else if (which == 1) {
			if (oo->nallow == MAX_ALLOW) {
				fprintf(stderr, "chainscope: at most %d --allow options\n",
					MAX_ALLOW);
				return false;
			}
			oo->allow[oo->nallow++] = val;
		} else if (which == 2) {
			unsigned long v = strtoul(val, &end, 10);
			if (*val == 0 || *val == '-' || *end != 0 || v < 1 || v > 256) {
				fprintf(stderr, "chainscope: --max-probes: '%s' is not 1..256\n",
					val);
				return false;
			}
			oo->max_probes = (unsigned)v;
		} else {
			double t = strtod(val, &end);
			if (*val == 0 || *end != 0 || !(t >= 1.0) || t > 600.0) {
				fprintf(stderr,
					"chainscope: --probe-timeout: '%s' is not a number of "
					"seconds (1 to 600)\n",
					val);
				return false;
			}
			oo->probe_timeout_s = t;
		}
	}
	*argc = w;
	return true;
}

/* Compile each --allow as a whole-name, case-insensitive POSIX extended
 * regular expression. */
static bool compile_allow(exporter *e, const own_opts *oo)
{
	for (size_t i = 0; i < oo->nallow; i++) {
		size_t l = strlen(oo->allow[i]);
		char *re = malloc(l + 5);
		if (re == NULL)
			return false;
		snprintf(re, l + 5, "^(%s)$", oo->allow[i]);
		int rc = regcomp(&e->allow[i], re, REG_EXTENDED | REG_ICASE | REG_NOSUB);
		free(re);
		if (rc != 0) {
			char msg[200];
			regerror(rc, &e->allow[i], msg, sizeof(msg));
			fprintf(stderr, "chainscope: --allow '%s': %s\n", oo->allow[i], msg);
			return false;
		}
		e->allow_text[i] = oo->allow[i];
		e->nallow = i + 1;
	}
	return true;
}

/* Serve until SIGTERM or SIGINT (blocked in every thread, taken here). */
static int serve(exporter *e, const struct sockaddr_storage *ss, bool v6, const char *listen)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, e, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)(e->max_probes + CONNECTIONS_EXTRA),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED,
	    completed, e, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "chainscope: exporter: cannot listen on %s: %s\n", listen,
			strerror(errno));
		return CS_EXIT_SOFTWARE;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "?";
	if (v6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host,
			  sizeof(host));
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host, sizeof(host));
	fprintf(stderr, "chainscope exporter: listening on http://%s%s%s:%u/\n", v6 ? "[" : "",
		host, v6 ? "]" : "", info ? (unsigned)info->port : 0u);
	if (!is_loopback(ss) && e->nallow == 0)
		fprintf(stderr, "chainscope exporter: warning: not on loopback and no --allow: "
				"whoever reaches it can make this host send DNS queries for "
				"any name\n");
	fflush(stderr);
	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	fprintf(stderr, "chainscope exporter: %s: stopping (waiting for the probes in flight)\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_socket listener = MHD_quiesce_daemon(d); /* no new connections */
	drain(e);
	MHD_stop_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	fprintf(stderr, "chainscope exporter: stopped\n");
	return CS_EXIT_OK;
}

int cmd_exporter(int argc, char **argv)
{
	static const char usage[] =
	    "chainscope exporter [--listen ADDR:PORT] [--allow REGEX]... [--max-probes N] "
	    "[--probe-timeout S] [--hints FILE] [--anchor FILE] [--port N] [--timeout S] "
	    "[--retries N] [-4|-6] [--max-queries N] [limits: see chainscope probe]";
	own_opts oo = {.listen = DEFAULT_LISTEN, .max_probes = 4, .probe_timeout_s = 10.0};
	if (!own_options(&argc, argv, &oo))
		return CS_EXIT_USAGE;
	exporter *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return CS_EXIT_SOFTWARE;
	int rc = CS_EXIT_USAGE;
	bool locked = false, net = false;
	cs_arena_init(&e->arena);
	if (!cli_parse(argc, argv, &e->o, usage))
		goto out;
	const cli_opts *o = &e->o;
	if (o->name || o->capture_file || o->output || o->at || o->json || o->dot || o->svg ||
	    o->png || o->html || o->nagios || o->metrics || o->interactive || o->nds || o->nns) {
		fprintf(stderr,
			"chainscope: exporter takes its names from /probe?target=NAME: no NAME, "
			"--capture, -o, --at, --ds, --ns or report options\nusage: %s\n",
			usage);
		goto out;
	}
	struct sockaddr_storage ss;
	bool v6 = false;
	if (!parse_listen(oo.listen, &ss, &v6)) {
		fprintf(stderr,
			"chainscope: --listen '%s': expected ADDR:PORT, [ADDR]:PORT or PORT "
			"(numeric address)\n",
			oo.listen);
		goto out;
	}
	if (!compile_allow(e, &oo))
		goto out;
	e->max_probes = oo.max_probes;
	e->probe_timeout_s = oo.probe_timeout_s;
	e->stats.max_probes = oo.max_probes;
	if (!cli_load_hints(o, &e->arena, &e->hints)) {
		rc = cli_file_exit(o->hints_file);
		goto out;
	}
	if (!cli_load_anchors(o, &e->arena, &e->anchors)) {
		rc = cli_file_exit(o->anchor_file);
		goto out;
	}
	if (!cli_probe_opts(o, &e->arena, &e->po, NULL))
		goto out;
	rc = CS_EXIT_SOFTWARE;
	e->po.progress = NULL;
	e->po.shared_net_library = true;
	if (cs_probe_cache_new(CACHE_MAX_LABELS, CACHE_MAX_BYTES, &e->cache) != CS_OK)
		goto out;
	cs_probe_cache_expire(e->cache, mono_s, NULL, CACHE_MAX_TTL);
	e->po.cache = e->cache;
	if (pthread_mutex_init(&e->lock, NULL) != 0)
		goto out;
	locked = true;
	if (cs_net_library_init() != CS_OK)
		goto out;
	net = true;
	rc = serve(e, &ss, v6, oo.listen);
out:
	if (net)
		cs_net_library_cleanup();
	if (locked)
		pthread_mutex_destroy(&e->lock);
	for (size_t i = 0; i < e->nallow; i++)
		regfree(&e->allow[i]);
	cs_probe_cache_free(&e->cache);
	cs_rrlist_free(&e->hints);
	cs_rrlist_free(&e->anchors);
	cs_arena_clear(&e->arena);
	free(e);
	return rc;
}
