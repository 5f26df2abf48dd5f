#include "cli_table.h"

#include <string.h>

/* Options of every command that probes, and of those that analyze. */
#define PROBING	  (CLI_CHECK | CLI_TUI | CLI_BATCH | CLI_PROBE | CLI_EXPORTER)
#define ANALYZING (CLI_CHECK | CLI_TUI | CLI_BATCH | CLI_EXPORTER)

const cli_command cli_commands[] = {
    {"check", CLI_CHECK, "NAME [TYPE] [OPTIONS]\n--capture FILE [NAME [TYPE]] [OPTIONS]",
     "Probe the chain of trust of NAME (or read a saved capture), validate every link "
     "and print the chain, the findings and their fixes. Exit 0 secure, 1 warnings, "
     "2 bogus, 3 incomplete.",
     "check www.example.com --hints root.hints --anchor root.ds --svg chain.svg"},
    {"tui", CLI_TUI, "NAME [TYPE] [OPTIONS]\n--capture FILE [NAME [TYPE]] [OPTIONS]",
     "The interactive terminal inspector: the chain as a tree, each row with its state "
     "and details (also: check -i).",
     "tui --capture saved.json"},
    {"batch", CLI_BATCH, "[FILE|-] [OPTIONS]",
     "Check every name of a list (one name and optional type per line) and write one "
     "JSON object per name per line.",
     "batch names.txt --jobs 32 > results.jsonl"},
    {"exporter", CLI_EXPORTER, "[--listen ADDR:PORT] [--allow REGEX] [OPTIONS]",
     "A Prometheus exporter in the multi-target style: GET /probe?target=NAME[&type=TYPE] "
     "probes and answers metrics, /metrics the exporter's own, / a form. Listens on "
     "127.0.0.1 unless told otherwise.",
     "exporter --listen 127.0.0.1:9353 --allow '([a-z0-9-]+\\.)*example\\.com'"},
    {"probe", CLI_PROBE, "NAME [TYPE] [-o FILE] [OPTIONS]",
     "Walk the chain from the root hints and ask every authoritative server of every "
     "zone; write the capture (every query and the server's own octets).",
     "probe www.example.com -o example.json"},
    {"capture", CLI_CAPTURE,
     "show FILE\nresave FILE -o OUT\nimport [--pcap] FILE [NAME [TYPE]] -o OUT\n"
     "export --pcap|--dnsviz OUT CAPTURE",
     "show: print every query of a capture with its decoded response. resave: load and "
     "save a capture (checks it). import: a DNSViz probe or a pcap/pcapng as a capture. "
     "export: a capture as a pcap or a DNSViz probe file.",
     "capture show example.json"},
    {"decode", CLI_DECODE, "FILE...",
     "Print DNS messages stored as raw wire-format files in presentation format; a "
     "FILE of - is standard input.",
     "decode answer.bin"},
    {"version", CLI_VERSION, "",
     "Print chainscope's version and those of the libraries it runs with.", "version"},
    {"help", CLI_HELP, "[COMMAND]", "The list of commands, or the help of one.", "help check"},
    {"completion", CLI_COMPLETION, "bash|zsh",
     "Print the shell completion script (installed by meson install).",
     "completion bash > ~/.local/share/bash-completion/completions/chainscope"},
};
const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

const cli_option cli_options[] = {
    {"hints", 0, "FILE", OPT_HINTS, PROBING,
     "root hints (root.hints format); default: the IANA root servers"},
    {"anchor", 0, "FILE", OPT_ANCHOR, PROBING,
     "trust anchors, DS or DNSKEY records; default: the IANA root KSKs"},
    {"port", 0, "N", OPT_PORT, PROBING, "ask every server on port N (default 53)"},
    {"timeout", 0, "S", OPT_TIMEOUT, PROBING, "seconds per attempt (default 1.5)"},
    {"retries", 0, "N", OPT_RETRIES, PROBING, "extra attempts, 0..10 (default 2)"},
    {NULL, '4', NULL, '4', PROBING, "only IPv4 server addresses"},
    {NULL, '6', NULL, '6', PROBING, "only IPv6 server addresses"},
    {"resolver", 0, "ADDR[#PORT]", OPT_RESOLVER, CLI_CHECK | CLI_TUI | CLI_PROBE | CLI_BATCH,
     "ask this recursive resolver (RD+CD) instead of the authoritative servers"},
    {"ns", 0, "ZONE=ADDR[,ADDR]", OPT_NS, CLI_CHECK | CLI_TUI | CLI_PROBE,
     "ask these addresses for ZONE instead of what its parent says"},
    {"max-queries", 0, "N", OPT_MAXQ, PROBING, "stop sending after N queries (default 3000)"},
    {"max-time", 0, "S", OPT_MAXTIME, PROBING, "stop sending after S seconds (0: no limit)"},
    {"max-referrals", 0, "N", OPT_MAXREF, PROBING, "referrals followed per name"},
    {"max-cname", 0, "N", OPT_MAXCNAME, PROBING, "CNAME links followed"},
    {"max-addresses", 0, "N", OPT_MAXADDR, PROBING, "server addresses asked per zone"},
    {"max-verifications", 0, "N", OPT_MAXVERIF, ANALYZING, "signature checks per analysis"},
    {"max-nsec3-iterations", 0, "N", OPT_MAXNSEC3, ANALYZING,
     "NSEC3 iterations computed (above: insecure)"},
    {"capture", 0, "FILE", OPT_CAPTURE, CLI_CHECK | CLI_TUI,
     "analyze a saved capture instead of probing"},
    {"at", 0, "TIME", OPT_AT, ANALYZING,
     "evaluate at another time: ISO 8601, @SECONDS, now, +7d, -3h"},
    {"ds", 0, "ZONE='TAG ALG TYPE DIGEST'", OPT_DS, ANALYZING,
     "use this DS instead of the parent's"},
    {"json", 0, NULL, OPT_JSON, CLI_CHECK, "the full result as JSON"},
    {"dot", 0, "FILE", OPT_DOT, CLI_CHECK, "write the chain as Graphviz DOT (- stdout)"},
    {"svg", 0, "FILE", OPT_SVG, CLI_CHECK, "write the chain as SVG (- stdout)"},
    {"png", 0, "FILE", OPT_PNG, CLI_CHECK, "write the chain as PNG (- stdout)"},
    {"html", 0, "FILE", OPT_HTML, CLI_CHECK, "write the HTML report (- stdout)"},
    {"all-signatures", 0, NULL, OPT_ALLSIGS, CLI_CHECK, "pictures: every signature edge"},
    {"output", 'o', "FILE", 'o', CLI_CHECK | CLI_TUI | CLI_PROBE,
     "write the capture to FILE (probe: - or none is standard output)"},
    {"quiet", 'q', NULL, 'q', PROBING, "no progress on standard error"},
    {"interactive", 'i', NULL, 'i', CLI_CHECK, "open the terminal inspector"},
    {"verbose", 'v', NULL, 'v', CLI_CHECK, "list every server address, not only those that differ"},
    {"nagios", 0, NULL, OPT_NAGIOS, CLI_CHECK,
     "a Nagios/Icinga plugin: one line with perfdata, exit 0 OK 1 WARNING 2 CRITICAL 3 UNKNOWN"},
    {"warning", 0, "DUR", OPT_WARNING, CLI_CHECK,
     "--nagios: WARNING when the chain breaks within DUR (default 7d)"},
    {"critical", 0, "DUR", OPT_CRITICAL, CLI_CHECK,
     "--nagios: CRITICAL when the chain breaks within DUR (default 2d)"},
    {"expect", 0, "secure|insecure", OPT_EXPECT, CLI_CHECK,
     "--nagios: CRITICAL when the verdict is another"},
    {"metrics", 0, "FILE", OPT_METRICS, CLI_BATCH,
     "also write Prometheus metrics for every name (textfile collector), atomically"},
    {"captures", 0, "DIR", OPT_CAPTURES, CLI_BATCH,
     "also save each name's capture in DIR (made if missing) as LINE-NAME-TYPE.json, for "
     "check --capture"},
    {"listen", 0, "ADDR:PORT", OPT_LISTEN, CLI_EXPORTER,
     "where to listen (default 127.0.0.1:9353; :0 picks a free port)"},
    {"allow", 0, "REGEX", OPT_ALLOW, CLI_EXPORTER,
     "probe only names the whole regex matches (repeatable); others get 403"},
    {"max-probes", 0, "N", OPT_MAXPROBES, CLI_EXPORTER, "probes at once; beyond: 503"},
    {"probe-timeout", 0, "S", OPT_PROBETIMEOUT, CLI_EXPORTER, "seconds a probe may take"},
    {"jobs", 'j', "N", 'j', CLI_BATCH,
     "event loops, one thread each, 1..256 (default: one per core)"},
    {"max-inflight", 0, "N", OPT_MAXINFLIGHT, CLI_BATCH,
     "names in flight at most, all loops together, 1..65536 (default 512); how many "
     "adapts below that"},
    {"resume", 0, "FILE", OPT_RESUME, CLI_BATCH,
     "skip the names already answered in a previous output"},
    {"no-cache", 0, NULL, OPT_NOCACHE, CLI_BATCH,
     "probe and validate the root and TLDs again for every name"},
    {"help", 'h', NULL, 'h', ~0u, "print this help"},
};
const size_t cli_noptions = sizeof(cli_options) / sizeof(cli_options[0]);

const cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* Print text wrapped at 78 columns, each line indented by indent. */
static void wrap(FILE *f, const char *text, int indent, int first_col)
{
	int col = first_col;
	const char *p = text;
	while (*p) {
		size_t w = strcspn(p, " ");
		if (col > indent && col + 1 + (int)w > 78) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		} else {
			fprintf(f, "%*s", indent - col, "");
			col = indent;
		}
		fwrite(p, 1, w, f);
		col += (int)w;
		p += w;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

void cli_print_help(const cli_command *c, FILE *f)
{
	const char *u = c->usage;
	const char *lead = "usage:";
	do {
		size_t n = strcspn(u, "\n");
		fprintf(f, "%-6s chainscope %s%s%.*s\n", lead, c->name, n ? " " : "", (int)n, u);
		u += n + (u[n] == '\n');
		lead = "";
	} while (*u);
	fputc('\n', f);
	wrap(f, c->summary, 0, 0);
	bool any = false;
	for (size_t i = 0; i < cli_noptions; i++) {
		const cli_option *o = &cli_options[i];
		if (!(o->cmds & c->bit))
			continue;
		if (!any)
			fputs("\noptions:\n", f);
		any = true;
		char spec[64];
		if (o->name && o->short_name)
			snprintf(spec, sizeof(spec), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->name)
			snprintf(spec, sizeof(spec), "--%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(spec, sizeof(spec), "-%c", o->short_name);
		int col = fprintf(f, "  %s", spec);
		if (col >= 30) {
			fputc('\n', f);
			col = 0;
		}
		wrap(f, o->help, 30, col);
	}
	fprintf(f, "\nexample:\n  chainscope %s\n", c->example);
}

static const cli_option *find_option(const char *arg)
{
	for (size_t i = 0; i < cli_noptions; i++) {
		const cli_option *o = &cli_options[i];
		if (arg[1] == '-' && o->name) {
			size_t n = strlen(o->name);
			if (strncmp(arg + 2, o->name, n) == 0 &&
			    (arg[2 + n] == 0 || arg[2 + n] == '='))
				return o;
		} else if (arg[1] != '-' && o->short_name == arg[1]) {
			return o;
		}
	}
	return NULL;
}

bool cli_wants_help(const cli_command *c, int argc, char **argv)
{
	(void)c;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return false;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return true;
		if (a[0] != '-' || a[1] == 0)
			continue;
		const cli_option *o = find_option(a);
		/* Skip a value given as the next argument. */
		if (o && o->arg && strchr(a, '=') == NULL && (a[1] == '-' || a[2] == 0))
			i++;
	}
	return false;
}
