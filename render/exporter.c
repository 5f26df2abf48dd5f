#include "exporter.h"

#include "escape.h"

static const char *const outcomes[CS_EXP_OUTCOMES] = {
    "probed", "metrics", "page", "bad_target", "forbidden", "busy", "not_found", "bad_method",
};

const char *cs_exporter_outcome_str(cs_exporter_outcome o)
{
	return (unsigned)o < CS_EXP_OUTCOMES ? outcomes[o] : "unknown";
}

static void family(cs_buf *out, const char *name, const char *type, const char *help)
{
	cs_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void cs_render_exporter_metrics(const cs_exporter_stats *s, cs_buf *out)
{
	family(out, "chainscope_exporter_requests_total", "counter",
	       "HTTP requests answered, by outcome");
	for (unsigned i = 0; i < CS_EXP_OUTCOMES; i++)
		cs_buf_printf(out, "chainscope_exporter_requests_total{outcome=\"%s\"} %llu\n",
			      outcomes[i], (unsigned long long)s->requests[i]);
	family(out, "chainscope_exporter_probes_in_flight", "gauge", "Probes running now");
	cs_buf_printf(out, "chainscope_exporter_probes_in_flight %u\n", s->in_flight);
	family(out, "chainscope_exporter_max_probes", "gauge",
	       "Probes allowed at once (--max-probes); more get 503");
	cs_buf_printf(out, "chainscope_exporter_max_probes %u\n", s->max_probes);
	family(out, "chainscope_exporter_probe_errors_total", "counter",
	       "Probes that could not run or whose capture could not be analyzed");
	cs_buf_printf(out, "chainscope_exporter_probe_errors_total %llu\n",
		      (unsigned long long)s->probe_errors);
	family(out, "chainscope_exporter_cache_entries", "gauge",
	       "Root and TLD answers in the cache (each kept for its TTL)");
	cs_buf_printf(out, "chainscope_exporter_cache_entries %zu\n", s->cache_entries);
	family(out, "chainscope_exporter_cache_bytes", "gauge", "Bytes the cache holds");
	cs_buf_printf(out, "chainscope_exporter_cache_bytes %zu\n", s->cache_bytes);
	family(out, "chainscope_exporter_cache_max_bytes", "gauge", "The cache's bound in bytes");
	cs_buf_printf(out, "chainscope_exporter_cache_max_bytes %zu\n", s->cache_max_bytes);
	family(out, "chainscope_exporter_cache_lookups_total", "counter",
	       "Cache lookups by probes, by result");
	cs_buf_printf(out,
		      "chainscope_exporter_cache_lookups_total{result=\"hit\"} %llu\n"
		      "chainscope_exporter_cache_lookups_total{result=\"miss\"} %llu\n",
		      (unsigned long long)s->cache_hits, (unsigned long long)s->cache_misses);
}

void cs_render_exporter_page(const char *const *allow, size_t nallow, const char *version,
			     cs_buf *out)
{
	cs_buf_str(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			"<title>chainscope exporter</title></head>\n<body>\n"
			"<h1>chainscope exporter</h1>\n<p>");
	cs_escape_html(out, version);
	cs_buf_str(out,
		   ": DNSSEC chain-of-trust checks for Prometheus. Probe a name (its chain from "
		   "the root, every server of every zone) and get its metrics:</p>\n"
		   "<form action=\"/probe\" method=\"get\">\n"
		   "<label>name <input name=\"target\" required "
		   "placeholder=\"www.example.com\"></label>\n"
		   "<label>type <input name=\"type\" value=\"A\" size=\"8\"></label>\n"
		   "<button type=\"submit\">probe</button>\n</form>\n"
		   "<p><a href=\"/metrics\">/metrics</a>: the exporter's own metrics.</p>\n");
	if (nallow > 0) {
		cs_buf_str(out,
			   "<p>Names allowed (--allow, the whole name must match):</p>\n<ul>\n");
		for (size_t i = 0; i < nallow; i++) {
			cs_buf_str(out, "<li><code>");
			cs_escape_html(out, allow[i]);
			cs_buf_str(out, "</code></li>\n");
		}
		cs_buf_str(out, "</ul>\n");
	}
	cs_buf_str(out, "</body></html>\n");
}
