#include "metrics.h"

#include "dns/rrtype.h"

#include <stdio.h>
#include <string.h>

typedef struct {
	const char *name, *type, *help;
} family;

/* In the order of the CS_METRICS_FAMILIES numbers. */
static const family families[CS_METRICS_FAMILIES] = {
    {"chainscope_probe_success", "gauge",
     "1 when the probe ran and the chain was judged secure, insecure or bogus; 0 when it "
     "could not run or the verdict is indeterminate"},
    {"chainscope_verdict", "gauge",
     "The verdict on the name: 1 for the current one, 0 for the others"},
    {"chainscope_next_break_timestamp_seconds", "gauge",
     "When the chain next breaks if nothing is re-signed: the earliest expiration of a signature "
     "the verdict rests on (absent when there is none)"},
    {"chainscope_findings", "gauge", "Findings by severity"},
    {"chainscope_findings_by_code", "gauge",
     "Findings by code (docs/findings.md); only codes found"},
    {"chainscope_servers", "gauge",
     "Server addresses of the zones on the chain: ok, or failing (a cold-cache validating "
     "resolver asking that address does worse than at the zone's best)"},
    {"chainscope_probe_duration_seconds", "gauge", "How long the probe and the analysis took"},
    {"chainscope_queries", "gauge", "Queries of the probe, those answered from the cache included"},
    {"chainscope_queries_cached", "gauge",
     "Queries of the probe answered from the cache of the root and TLD answers"},
};

void cs_metrics_header(unsigned f, cs_buf *out)
{
	if (f >= CS_METRICS_FAMILIES)
		return;
	cs_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", families[f].name, families[f].help,
		      families[f].name, families[f].type);
}

void cs_metrics_escape_label(cs_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			cs_buf_str(out, "\\\\");
		else if (*s == '"')
			cs_buf_str(out, "\\\"");
		else if (*s == '\n')
			cs_buf_str(out, "\\n");
		else
			cs_buf_u8(out, (uint8_t)*s);
	}
}

void cs_metrics_query_labels(cs_buf *out, const cs_name *name, uint16_t type)
{
	char nb[CS_NAME_TEXT_MAX], tb[16];
	cs_buf_str(out, "name=\"");
	cs_metrics_escape_label(out, cs_name_str(name, nb));
	cs_buf_str(out, "\",type=\"");
	cs_metrics_escape_label(out, cs_rrtype_str(type, tb));
	cs_buf_str(out, "\"");
}

void cs_metrics_servers(const cs_analysis *a, size_t *addresses, size_t *failing)
{
	*addresses = *failing = 0;
	for (size_t i = 0; i < a->nzones; i++) {
		*addresses += a->zones[i].server_summary.naddresses;
		*failing += a->zones[i].server_summary.nfailing;
	}
}

/* One sample: NAME{LABELS,KEY="VALUE"} VALUE. key NULL: no own label. */
static void sample(cs_buf *out, unsigned f, const char *labels, const char *key, const char *value,
		   const char *number)
{
	bool have = labels != NULL && labels[0] != 0;
	cs_buf_str(out, families[f].name);
	if (have || key != NULL) {
		cs_buf_u8(out, '{');
		if (have)
			cs_buf_str(out, labels);
		if (key != NULL) {
			cs_buf_printf(out, "%s%s=\"", have ? "," : "", key);
			cs_metrics_escape_label(out, value);
			cs_buf_u8(out, '"');
		}
		cs_buf_u8(out, '}');
	}
	cs_buf_printf(out, " %s\n", number);
}

static void sample_u(cs_buf *out, unsigned f, const char *labels, const char *key,
		     const char *value, unsigned long long n)
{
	char num[32];
	snprintf(num, sizeof(num), "%llu", n);
	sample(out, f, labels, key, value, num);
}

/* chainscope_findings_by_code: each code once, in the order first found,
 * with its severity as a second label. */
static void by_code(const cs_analysis *a, const char *labels, cs_buf *out)
{
	for (size_t i = 0; i < a->nfindings; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = a->findings[j].code == a->findings[i].code;
		if (seen)
			continue;
		unsigned long long n = 0;
		for (size_t j = i; j < a->nfindings; j++)
			n += a->findings[j].code == a->findings[i].code;
		const cs_finding_info *fi = cs_finding_info_get(a->findings[i].code);
		if (fi == NULL)
			continue;
		cs_buf lb;
		cs_buf_init(&lb);
		if (labels != NULL && labels[0] != 0)
			cs_buf_printf(&lb, "%s,", labels);
		cs_buf_printf(&lb, "severity=\"%s\"", cs_severity_str(fi->severity));
		sample_u(out, 4, cs_buf_cstr(&lb), "code", fi->code, n);
		cs_buf_free(&lb);
	}
}

void cs_metrics_samples(unsigned f, const cs_metrics_probe *p, const char *labels, cs_buf *out)
{
	const cs_analysis *a = p->an;
	char num[32];
	switch (f) {
	case 0:
		sample_u(out, f, labels, NULL, NULL,
			 a != NULL && a->verdict != CS_STATE_INDETERMINATE);
		break;
	case 1:
		if (a == NULL)
			break;
		for (int s = CS_STATE_SECURE; s <= CS_STATE_BOGUS; s++)
			sample_u(out, f, labels, "verdict", cs_state_str((cs_state)s),
				 a->verdict == (cs_state)s);
		break;
	case 2:
		if (a == NULL || !a->has_next_break)
			break;
		snprintf(num, sizeof(num), "%lld", (long long)a->next_break);
		sample(out, f, labels, NULL, NULL, num);
		break;
	case 3:
		if (a == NULL)
			break;
		for (int s = CS_SEV_ERROR; s >= CS_SEV_NOTICE; s--)
			sample_u(out, f, labels, "severity", cs_severity_str((cs_severity)s),
				 a->counts[s]);
		break;
	case 4:
		if (a != NULL)
			by_code(a, labels, out);
		break;
	case 5:
		if (a != NULL) {
			size_t n, failing;
			cs_metrics_servers(a, &n, &failing);
			sample_u(out, f, labels, "state", "ok", n - failing);
			sample_u(out, f, labels, "state", "failing", failing);
		}
		break;
	case 6:
		snprintf(num, sizeof(num), "%.6f", p->duration_s > 0 ? p->duration_s : 0.0);
		sample(out, f, labels, NULL, NULL, num);
		break;
	case 7:
	case 8:
		if (p->cap != NULL) {
			unsigned long long n = 0;
			for (size_t i = 0; i < p->cap->nqueries; i++)
				n += f == 7 || p->cap->queries[i].cached;
			sample_u(out, f, labels, NULL, NULL, n);
		}
		break;
	default:
		break;
	}
}

void cs_render_metrics(const cs_metrics_probe *p, const char *labels, cs_buf *out)
{
	cs_buf s;
	cs_buf_init(&s);
	for (unsigned f = 0; f < CS_METRICS_FAMILIES; f++) {
		cs_buf_reset(&s);
		cs_metrics_samples(f, p, labels, &s);
		if (s.err != CS_OK)
			out->err = s.err;
		if (s.len == 0)
			continue;
		cs_metrics_header(f, out);
		cs_buf_put(out, s.data, s.len);
	}
	cs_buf_free(&s);
}
