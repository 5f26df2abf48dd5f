#include "cli.h"

#include "cli_table.h"
#include "commands.h"

#include "cs_config.h"
#include "dns/rdata.h"
#include "probe/rootdata.h"
#include "text/anchors.h"
#include "text/dnstime.h"
#include "text/rdata_text.h"

#include "escape.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (*s == 0 || *s == '-')
		return false;
	unsigned long v = strtoul(s, &end, 10);
	if (*end != 0 || v > max)
		return false;
	*out = v;
	return true;
}

bool cli_parse(int argc, char **argv, cli_opts *o, const char *usage_line)
{
	/* getopt's tables, from cli_table.c. */
	struct option longopts[64];
	char shortopts[32];
	size_t nl = 0, ns = 0;
	for (size_t i = 0; i < cli_noptions && nl + 1 < 64 && ns + 3 < 32; i++) {
		const cli_option *t = &cli_options[i];
		if (t->name)
			longopts[nl++] = (struct option){
			    t->name, t->arg ? required_argument : no_argument, NULL, t->id};
		if (t->short_name) {
			shortopts[ns++] = t->short_name;
			if (t->arg)
				shortopts[ns++] = ':';
		}
	}
	longopts[nl] = (struct option){NULL, 0, NULL, 0};
	shortopts[ns] = 0;
	const cli_command *cmd = cli_command_find(argv[0]);
	memset(o, 0, sizeof(*o));
	o->port = 53;
	o->timeout_s = 1.5;
	o->retries = 2;
	o->max_queries = 3000;
	o->max_time_s = -1;
	o->max_nsec3_iterations = -1;
	/* argv[0] is the command name for getopt. */
	optind = 1;
	opterr = 0;
	int c;
	unsigned long v;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'h' && cmd != NULL) {
			cli_print_help(cmd, stdout); /* main answers --help first */
			return false;
		}
		for (size_t i = 0; c != '?' && cmd != NULL && i < cli_noptions; i++)
			if (cli_options[i].id == c && !(cli_options[i].cmds & cmd->bit)) {
				const cli_option *t = &cli_options[i];
				if (t->name)
					fprintf(stderr, "chainscope: --%s", t->name);
				else
					fprintf(stderr, "chainscope: -%c", t->short_name);
				fprintf(stderr,
					" does not apply to %s (see chainscope %s --help)\n",
					cmd->name, cmd->name);
				return false;
			}
		switch (c) {
		case OPT_HINTS:
			o->hints_file = optarg;
			break;
		case OPT_ANCHOR:
			if (o->nanchor_files == CLI_MAX_NS) {
				fprintf(stderr, "chainscope: at most %d --anchor files\n",
					CLI_MAX_NS);
				return false;
			}
			o->anchor_files[o->nanchor_files++] = optarg;
			break;
		case OPT_CAPTURE:
			o->capture_file = optarg;
			break;
		case OPT_AT:
			o->at = optarg;
			break;
		case OPT_RESOLVER:
			o->resolver = optarg;
			break;
		case OPT_PORT:
			if (!parse_uint(optarg, 65535, &v) || v == 0) {
				fprintf(stderr, "chainscope: --port: '%s' is not a port number\n",
					optarg);
				return false;
			}
			o->port = (unsigned)v;
			break;
		case OPT_TIMEOUT: {
			char *end;
			double t = strtod(optarg, &end);
			if (*end != 0 || !(t > 0.0) || t > 300.0) {
				fprintf(stderr,
					"chainscope: --timeout: '%s' is not a number of seconds "
					"(0 < t <= 300)\n",
					optarg);
				return false;
			}
			o->timeout_s = t;
			break;
		}
		case OPT_RETRIES:
			if (!parse_uint(optarg, 10, &v)) {
				fprintf(stderr, "chainscope: --retries: '%s' is not 0..10\n",
					optarg);
				return false;
			}
			o->retries = (unsigned)v;
			break;
		case OPT_MAXQ:
			if (!parse_uint(optarg, 1000000, &v) || v == 0) {
				fprintf(stderr,
					"chainscope: --max-queries: '%s' is not 1..1000000\n",
					optarg);
				return false;
			}
			o->max_queries = (unsigned)v;
			break;
		case OPT_MAXTIME: {
			char *end;
			double t = strtod(optarg, &end);
			if (*end != 0 || !(t >= 0.0) || t > 86400.0) {
				fprintf(stderr,
					"chainscope: --max-time: '%s' is not a number of seconds "
					"(0 = no limit, at most 86400)\n",
					optarg);
				return false;
			}
			o->max_time_s = t;
			break;
		}
		case OPT_MAXREF:
		case OPT_MAXCNAME:
		case OPT_MAXADDR:
		case OPT_MAXVERIF: {
			unsigned *dst = c == OPT_MAXREF	    ? &o->max_referrals
					: c == OPT_MAXCNAME ? &o->max_cname
					: c == OPT_MAXADDR  ? &o->max_addresses
							    : &o->max_verifications;
			if (!parse_uint(optarg, 1000000, &v) || v == 0) {
				fprintf(stderr, "chainscope: %s: '%s' is not 1..1000000\n",
					argv[optind - 1], optarg);
				return false;
			}
			*dst = (unsigned)v;
			break;
		}
		case OPT_MAXNSEC3:
			if (!parse_uint(optarg, 65535, &v)) {
				fprintf(
				    stderr,
				    "chainscope: --max-nsec3-iterations: '%s' is not 0..65535\n",
				    optarg);
				return false;
			}
			o->max_nsec3_iterations = (long)v;
			break;
		case OPT_NS:
		case OPT_DS:
			if ((c == OPT_NS ? o->nns : o->nds) == CLI_MAX_NS) {
				fprintf(stderr, "chainscope: at most %d --ns/--ds options\n",
					CLI_MAX_NS);
				return false;
			}
			if (c == OPT_NS)
				o->ns_specs[o->nns++] = optarg;
			else
				o->ds_specs[o->nds++] = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_DOT:
			o->dot = optarg;
			break;
		case OPT_SVG:
			o->svg = optarg;
			break;
		case OPT_PNG:
			o->png = optarg;
			break;
		case OPT_HTML:
			o->html = optarg;
			break;
		case OPT_ALLSIGS:
			o->all_signatures = true;
			break;
		case OPT_NAGIOS:
			o->nagios = true;
			break;
		case OPT_WARNING:
			o->warning = optarg;
			break;
		case OPT_CRITICAL:
			o->critical = optarg;
			break;
		case OPT_EXPECT:
			o->expect = optarg;
			break;
		case OPT_METRICS:
			o->metrics = optarg;
			break;
		case OPT_CAPTURES:
			o->captures = optarg;
			break;
		case '4':
			o->only4 = true;
			break;
		case '6':
			o->only6 = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'i':
			o->interactive = true;
			break;
		case '?':
		default:
			if (optopt)
				fprintf(stderr,
					"chainscope: option -%c needs a value or is unknown\n",
					optopt);
			else
				fprintf(stderr, "chainscope: unknown option '%s'\n",
					argv[optind - 1]);
			fprintf(stderr, "usage: %s\n", usage_line);
			return false;
		}
	}
	if (o->only4 && o->only6) {
		fprintf(stderr, "chainscope: -4 and -6 exclude each other\n");
		return false;
	}
	int rest = argc - optind;
	if (rest >= 1)
		o->name = argv[optind];
	if (rest >= 2)
		o->type = argv[optind + 1];
	if (rest > 2) {
		fprintf(stderr, "chainscope: unexpected argument '%s'\nusage: %s\n",
			argv[optind + 2], usage_line);
		return false;
	}
	return true;
}

void cli_file_error(const char *file, size_t line, const char *detail)
{
	cs_buf b;
	cs_buf_init(&b);
	cs_buf_str(&b, "chainscope: ");
	cs_escape_term(&b, file);
	if (line)
		cs_buf_printf(&b, ":%zu", line);
	cs_buf_str(&b, ": ");
	cs_escape_term(&b, detail);
	fprintf(stderr, "%s\n", b.err == CS_OK ? cs_buf_cstr(&b) : "chainscope: out of memory");
	cs_buf_free(&b);
}

int cli_file_exit(const char *path)
{
	struct stat st;
	if (path == NULL)
		return CS_EXIT_SOFTWARE; /* built-in data does not fail */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
		return CS_EXIT_NOINPUT;
	return CS_EXIT_DATAERR;
}

static bool load_list(const char *file, const char *builtin, const char *what, cs_arena *a,
		      cs_rrlist *list)
{
	cs_zone_error e;
	cs_name root;
	cs_name_root(&root);
	cs_err err;
	if (file)
		err = cs_zone_parse_file(file, &root, 3600, a, list, &e);
	else
		err = cs_zone_parse(builtin, strlen(builtin), &root, 3600, a, list, &e);
	if (err != CS_OK) {
		cli_file_error(file ? file : what, e.line,
			       e.detail[0] ? e.detail : cs_strerror(err));
		return false;
	}
	if (list->n == 0) {
		fprintf(stderr, "chainscope: %s: no records in the %s file\n", file ? file : what,
			what);
		return false;
	}
	return true;
}

bool cli_load_hints(const cli_opts *o, cs_arena *a, cs_rrlist *list)
{
	if (!load_list(o->hints_file, cs_builtin_root_hints, "hints", a, list))
		return false;
	bool ns = false, addr = false;
	for (size_t i = 0; i < list->n; i++) {
		ns |= list->v[i].type == CS_TYPE_NS;
		addr |= list->v[i].type == CS_TYPE_A || list->v[i].type == CS_TYPE_AAAA;
	}
	if (!ns || !addr) {
		fprintf(stderr,
			"chainscope: %s: root hints need NS records and their A/AAAA addresses\n",
			o->hints_file ? o->hints_file : "hints");
		return false;
	}
	return true;
}

/* The evaluation time for anchor validity windows: --at, else now. */
static int64_t anchor_time(const cli_opts *o)
{
	int64_t now = (int64_t)time(NULL), at;
	return o->at && cli_parse_at(o->at, now, &at) ? at : now;
}

/* Load the anchors; ends[f] is list->n after file f (one entry for the
 * built-in anchors). */
static bool load_anchors(const cli_opts *o, cs_arena *a, cs_rrlist *list, size_t *ends)
{
	if (o->nanchor_files == 0) {
		if (!load_list(NULL, cs_builtin_root_anchors, "anchor", a, list))
			return false;
		ends[0] = list->n;
		return true;
	}
	int64_t at = anchor_time(o);
	for (size_t f = 0; f < o->nanchor_files; f++) {
		cs_zone_error e;
		cs_err err = cs_anchors_parse_file(o->anchor_files[f], at, a, list, &e);
		if (err != CS_OK) {
			cli_file_error(o->anchor_files[f], e.line,
				       e.detail[0] ? e.detail : cs_strerror(err));
			return false;
		}
		ends[f] = list->n;
	}
	return true;
}

bool cli_load_anchors(const cli_opts *o, cs_arena *a, cs_rrlist *list)
{
	size_t ends[CLI_MAX_NS];
	return load_anchors(o, a, list, ends);
}

int cli_anchor_exit(const cli_opts *o)
{
	for (size_t f = 0; f < o->nanchor_files; f++)
		if (cli_file_exit(o->anchor_files[f]) == CS_EXIT_NOINPUT)
			return CS_EXIT_NOINPUT;
	return o->nanchor_files ? CS_EXIT_DATAERR : CS_EXIT_SOFTWARE;
}

/* The anchors as lines "RR ; source=WHERE" (a file name's control and
 * non-ASCII octets become '?', so it is safe in every output and in JSON),
 * in *out (caller frees). */
static bool anchor_lines(const cli_opts *o, char **out)
{
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist anchors = {0};
	size_t ends[CLI_MAX_NS];
	bool ok = load_anchors(o, &a, &anchors, ends);
	*out = NULL;
	if (ok) {
		cs_buf b;
		cs_buf_init(&b);
		for (size_t i = 0, f = 0; i < anchors.n; i++) {
			while (i >= ends[f])
				f++;
			cs_rr_to_text(&anchors.v[i], &b);
			cs_buf_str(&b, " ; source=");
			const char *src = o->nanchor_files ? o->anchor_files[f] : "built in";
			for (const char *s = src; *s; s++)
				cs_buf_u8(&b, (unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f
						  ? '?'
						  : (uint8_t)*s);
			cs_buf_u8(&b, '\n');
		}
		*out = strdup(cs_buf_cstr(&b));
		ok = *out != NULL && b.err == CS_OK;
		if (!ok)
			fprintf(stderr, "chainscope: out of memory\n");
		cs_buf_free(&b);
	}
	cs_rrlist_free(&anchors);
	cs_arena_clear(&a);
	return ok;
}

bool cli_record_anchor_sources(const cli_opts *o, cs_capture *cap)
{
	char *text;
	if (!anchor_lines(o, &text))
		return false;
	cap->nanchors = 0;
	bool ok = true;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line && ok;
	     line = strtok_r(NULL, "\n", &save))
		ok = cs_capture_add_string(cap, &cap->anchors, &cap->nanchors, line) == CS_OK;
	free(text);
	return ok;
}

bool cli_query(const cli_opts *o, cs_name *name, uint16_t *type)
{
	if (o->name == NULL) {
		fprintf(stderr, "chainscope: no domain name given\n");
		return false;
	}
	cs_err err = cs_name_from_text(o->name, strlen(o->name), NULL, name);
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: '%s' is not a domain name: %s\n", o->name,
			cs_strerror(err));
		return false;
	}
	*type = CS_TYPE_A;
	if (o->type && cs_rrtype_from_text(o->type, strlen(o->type), type) != CS_OK) {
		fprintf(stderr, "chainscope: '%s' is not an RR type\n", o->type);
		return false;
	}
	return true;
}

static void wallclock(void *ctx, int64_t *sec, int64_t *usec)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec;
	*usec = ts.tv_nsec / 1000;
}

static int64_t monotonic_us(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void progress(void *ctx, const cs_probe_progress *p)
{
	(void)ctx;
	fprintf(stderr, "\rprobing: %u zones, %u queries sent, %u in flight  ", p->zones, p->sent,
		p->in_flight);
}

bool cli_probe_opts(const cli_opts *o, cs_arena *a, cs_probe_opts *po, cs_probe_delegation *dels)
{
	cs_probe_opts_default(po);
	po->port = (uint16_t)o->port;
	po->timeout_ms = (unsigned)(o->timeout_s * 1000.0 + 0.5);
	if (po->timeout_ms == 0)
		po->timeout_ms = 1;
	po->retries = o->retries;
	po->max_queries = o->max_queries;
	if (o->max_time_s >= 0)
		po->max_time_ms = (unsigned)(o->max_time_s * 1000.0 + 0.5);
	if (o->max_referrals)
		po->max_referrals = o->max_referrals;
	if (o->max_cname)
		po->max_cname = o->max_cname;
	if (o->max_addresses)
		po->max_addresses = o->max_addresses;
	po->ipv4 = !o->only6;
	po->ipv6 = !o->only4;
	po->resolver = o->resolver;
	po->tool = "chainscope " CS_VERSION;
	po->wallclock = wallclock;
	po->monotonic_us = monotonic_us;
	if (!o->quiet && isatty(STDERR_FILENO))
		po->progress = progress;
	for (size_t i = 0; i < o->nns; i++) {
		const char *spec = o->ns_specs[i];
		const char *eq = strchr(spec, '=');
		if (eq == NULL || eq == spec || eq[1] == 0) {
			fprintf(stderr, "chainscope: --ns '%s': expected ZONE=ADDR[,ADDR...]\n",
				spec);
			return false;
		}
		if (cs_name_from_text(spec, (size_t)(eq - spec), NULL, &dels[i].zone) != CS_OK) {
			fprintf(stderr, "chainscope: --ns '%s': bad zone name\n", spec);
			return false;
		}
		char *list = cs_arena_strdup(a, eq + 1);
		size_t n = 1;
		for (const char *s = list; *s; s++)
			n += *s == ',';
		const char **addrs = cs_arena_alloc(a, n * sizeof(*addrs));
		if (list == NULL || addrs == NULL)
			return false;
		size_t k = 0;
		for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			addrs[k++] = tok;
		dels[i].addresses = addrs;
		dels[i].naddresses = k;
	}
	po->delegations = dels;
	po->ndelegations = o->nns;
	return true;
}

int cli_probe(const cli_opts *o, cs_capture **out)
{
	cs_name qname;
	uint16_t qtype;
	if (!cli_query(o, &qname, &qtype))
		return CS_EXIT_USAGE;
	cs_arena a;
	cs_arena_init(&a);
	cs_rrlist hints = {0}, anchors = {0};
	cs_probe_opts po;
	cs_probe_delegation dels[CLI_MAX_NS];
	int rc = CS_EXIT_OK;
	if (!cli_load_hints(o, &a, &hints)) {
		rc = cli_file_exit(o->hints_file);
		goto out;
	}
	if (!cli_load_anchors(o, &a, &anchors)) {
		rc = cli_anchor_exit(o);
		goto out;
	}
	if (!cli_probe_opts(o, &a, &po, dels)) {
		rc = CS_EXIT_USAGE;
		goto out;
	}
	cs_err err = cs_probe_run(&po, &hints, &anchors, &qname, qtype, out);
	if (po.progress)
		fputs("\r\033[K", stderr); /* clear the progress line */
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: probe failed: %s\n",
			err == CS_EINVAL
			    ? "no usable server address (check --hints, --resolver, -4/-6)"
			    : cs_strerror(err));
		rc = err == CS_EINVAL ? CS_EXIT_USAGE : CS_EXIT_INCOMPLETE;
	} else if (!cli_record_anchor_sources(o, *out)) {
		cs_capture_free(out);
		rc = CS_EXIT_SOFTWARE;
	}
out:
	cs_rrlist_free(&hints);
	cs_rrlist_free(&anchors);
	cs_arena_clear(&a);
	return rc;
}

bool cli_parse_at(const char *s, int64_t base, int64_t *out)
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

bool cli_analyze_opts(const cli_opts *o, const cs_capture *cap, const char *at,
		      const char *anchor_text, cs_analyze_opts *ao, char *msg, size_t len)
{
	cs_analyze_opts r;
	cs_analyze_opts_default(&r, cap);
	if (o->max_verifications)
		r.max_verifications = o->max_verifications;
	if (o->max_nsec3_iterations >= 0)
		r.max_nsec3_iterations = (unsigned)o->max_nsec3_iterations;
	if (at && at[0] && !cli_parse_at(at, cap->started_s, &r.at)) {
		snprintf(msg, len,
			 "--at '%s': expected an ISO 8601 time (2026-12-01T12:00:00Z), "
			 "@SECONDS, now, or +/-N[smhdw]",
			 at);
		return false;
	}
	r.anchors_text = anchor_text;
	r.ds_override = o->ds_specs;
	r.nds_override = o->nds;
	*ao = r;
	return true;
}

int cli_exit_code(const cs_analysis *a)
{
	if (a->verdict == CS_STATE_BOGUS || a->counts[CS_SEV_ERROR] > 0)
		return CS_EXIT_BOGUS;
	if (a->verdict == CS_STATE_INDETERMINATE)
		return CS_EXIT_INCOMPLETE;
	if (a->counts[CS_SEV_WARNING] > 0)
		return CS_EXIT_WARN;
	return CS_EXIT_OK;
}

bool cli_anchor_text(const cli_opts *o, char **out)
{
	*out = NULL;
	if (o->capture_file == NULL || o->nanchor_files == 0)
		return true;
	return anchor_lines(o, out);
}
