/*
 * test_monitoring - render/nagios and render/metrics on analyses built by
 * hand: the plugin status for each rule of the issue (indeterminate,
 * bogus, errors, next break against --critical/--warning, --expect,
 * warnings), the exact plugin line with its perfdata, durations, and the
 * Prometheus text: label escaping, the samples of each family, families
 * without samples left out.
 */
#include "metrics.h"
#include "nagios.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#define DAY 86400

static cs_name name(const char *s)
{
	cs_name n;
	assert_int_equal(cs_name_from_text(s, strlen(s), NULL, &n), CS_OK);
	return n;
}

/* A secure analysis at t=1000 breaking in `left` seconds, no findings. */
static cs_analysis analysis(int64_t left)
{
	cs_analysis a;
	memset(&a, 0, sizeof(a));
	a.at = 1000;
	a.verdict = CS_STATE_SECURE;
	a.has_next_break = true;
	a.next_break = 1000 + left;
	return a;
}

static void test_status_rules(void **state)
{
	(void)state;
	cs_nagios_opts o;
	cs_nagios_opts_default(&o);
	assert_int_equal(o.warning_s, 7 * DAY);
	assert_int_equal(o.critical_s, 2 * DAY);
	cs_analysis a = analysis(30 * DAY);
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_OK);
	a = analysis(7 * DAY); /* not less than the warning */
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_OK);
	a = analysis(7 * DAY - 1);
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_WARNING);
	a = analysis(2 * DAY - 1);
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
	a = analysis(-5); /* already past */
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
	a = analysis(30 * DAY);
	a.counts[CS_SEV_NOTICE] = 3;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_OK);
	a.counts[CS_SEV_WARNING] = 1;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_WARNING);
	a.counts[CS_SEV_ERROR] = 1; /* some servers fail: secure, but an error */
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
	a = analysis(30 * DAY);
	a.verdict = CS_STATE_BOGUS;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
	a.verdict = CS_STATE_INDETERMINATE;
	a.counts[CS_SEV_ERROR] = 2;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_UNKNOWN);
	/* No next break (insecure): the thresholds never apply. */
	a = analysis(0);
	a.verdict = CS_STATE_INSECURE;
	a.has_next_break = false;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_OK);
	o.expect = CS_STATE_SECURE;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
	o.expect = CS_STATE_INSECURE;
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_OK);
	/* Thresholds given. */
	cs_nagios_opts_default(&o);
	o.warning_s = 40 * DAY;
	o.critical_s = 90 * 60;
	a = analysis(30 * DAY);
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_WARNING);
	a = analysis(90 * 60 - 1);
	assert_int_equal(cs_nagios_judge(&a, &o), CS_NAGIOS_CRITICAL);
}

static void test_durations(void **state)
{
	(void)state;
	static const struct {
		int64_t s;
		const char *text;
	} cases[] = {
	    {0, "0s"},
	    {-10, "0s"},
	    {42, "42s"},
	    {200, "3m 20s"},
	    {5 * 3600 + 120 + 7, "5h 2m"},
	    {6 * DAY + 23 * 3600 + 59, "6d 23h"},
	    {400 * DAY, "400d 0h"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_buf b;
		cs_buf_init(&b);
		cs_nagios_duration(cases[i].s, &b);
		assert_string_equal(cs_buf_cstr(&b), cases[i].text);
		cs_buf_free(&b);
	}
}

static void test_plugin_line(void **state)
{
	(void)state;
	cs_nagios_opts o;
	cs_nagios_opts_default(&o);
	cs_analysis a = analysis(3 * DAY + 4 * 3600);
	cs_zone zones[2];
	memset(zones, 0, sizeof(zones));
	zones[0].server_summary.nfailing = 1;
	zones[1].server_summary.nfailing = 2;
	a.zones = zones;
	a.nzones = 2;
	cs_finding f[2];
	memset(f, 0, sizeof(f));
	f[0].code = CS_F_DS_MISSING; /* a warning first: the error is the worst */
	f[0].zone = name("a.example.");
	f[1].code = CS_F_RRSIG_EXPIRED;
	f[1].zone = name("b|c.example."); /* '|' would start the perfdata */
	a.findings = f;
	a.nfindings = 2;
	a.counts[CS_SEV_ERROR] = 1;
	a.counts[CS_SEV_WARNING] = 1;
	cs_name q = name("www.example.");
	cs_buf b;
	cs_buf_init(&b);
	assert_int_equal(cs_render_nagios(&a, &q, 28, &o, 0.25, &b), CS_NAGIOS_CRITICAL);
	assert_string_equal(cs_buf_cstr(&b),
			    "DNSSEC CRITICAL - www.example. AAAA secure, error RRSIG_EXPIRED in "
			    "b\\124c.example., next break in 3d 4h | next_break=273600s;604800:;"
			    "172800:;0 errors=1;;;0 warnings=1;;;0 servers_failing=3;;;0 "
			    "time=0.250s;;;0\n");
	/* Insecure, expected secure, nothing breaks. */
	cs_buf_reset(&b);
	cs_analysis c = analysis(0);
	c.verdict = CS_STATE_INSECURE;
	c.has_next_break = false;
	o.expect = CS_STATE_SECURE;
	assert_int_equal(cs_render_nagios(&c, &q, 1, &o, 1.5, &b), CS_NAGIOS_CRITICAL);
	assert_string_equal(cs_buf_cstr(&b),
			    "DNSSEC CRITICAL - www.example. A insecure (expected secure), no "
			    "findings, no next break | next_break=U;604800:;172800:;0 errors=0;;;0 "
			    "warnings=0;;;0 servers_failing=0;;;0 time=1.500s;;;0\n");
	cs_buf_reset(&b);
	cs_render_nagios_unknown("x.example. A", "the probe failed\n|", &b);
	assert_string_equal(cs_buf_cstr(&b),
			    "DNSSEC UNKNOWN - x.example. A the probe failed\\010\\124\n");
	cs_buf_free(&b);
}

static void test_label_escaping(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b);
	cs_metrics_escape_label(&b, "a\\b\"c\nd");
	assert_string_equal(cs_buf_cstr(&b), "a\\\\b\\\"c\\nd");
	cs_buf_reset(&b);
	/* A name whose presentation form has a backslash escape and a quote. */
	cs_name n = name("a\\032\\\"b.example.");
	cs_metrics_query_labels(&b, &n, 1);
	assert_string_equal(cs_buf_cstr(&b), "name=\"a\\\\032\\\\\\\"b.example.\",type=\"A\"");
	cs_buf_free(&b);
}

static void test_probe_metrics(void **state)
{
	(void)state;
	cs_analysis a = analysis(10);
	a.verdict = CS_STATE_BOGUS;
	a.next_break = 1700000000;
	cs_finding f[3];
	memset(f, 0, sizeof(f));
	f[0].code = CS_F_RRSIG_EXPIRED;
	f[1].code = CS_F_DS_MISSING;
	f[2].code = CS_F_RRSIG_EXPIRED;
	a.findings = f;
	a.nfindings = 3;
	a.counts[CS_SEV_ERROR] = 2;
	a.counts[CS_SEV_WARNING] = 1;
	cs_zone z;
	memset(&z, 0, sizeof(z));
	z.server_summary.naddresses = 4;
	z.server_summary.nfailing = 1;
	a.zones = &z;
	a.nzones = 1;
	cs_metrics_probe p = {.an = &a, .cap = NULL, .duration_s = 0.5};
	cs_buf b;
	cs_buf_init(&b);
	cs_render_metrics(&p, "k=\"v\"", &b);
	const char *s = cs_buf_cstr(&b);
	static const char *const want[] = {
	    "# TYPE chainscope_probe_success gauge\nchainscope_probe_success{k=\"v\"} 1\n",
	    "chainscope_verdict{k=\"v\",verdict=\"secure\"} 0\n",
	    "chainscope_verdict{k=\"v\",verdict=\"bogus\"} 1\n",
	    "chainscope_next_break_timestamp_seconds{k=\"v\"} 1700000000\n",
	    "chainscope_findings{k=\"v\",severity=\"error\"} 2\n",
	    "chainscope_findings{k=\"v\",severity=\"warning\"} 1\n",
	    "chainscope_findings{k=\"v\",severity=\"notice\"} 0\n",
	    "chainscope_findings_by_code{k=\"v\",severity=\"error\",code=\"RRSIG_EXPIRED\"} 2\n",
	    "chainscope_findings_by_code{k=\"v\",severity=\"warning\",code=\"DS_MISSING\"} 1\n",
	    "chainscope_servers{k=\"v\",state=\"ok\"} 3\n",
	    "chainscope_servers{k=\"v\",state=\"failing\"} 1\n",
	    "# HELP chainscope_probe_duration_seconds ",
	    "chainscope_probe_duration_seconds{k=\"v\"} 0.500000\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(s, want[i]) == NULL)
			fail_msg("missing: %s\nin:\n%s", want[i], s);
	/* No capture: no query counts. */
	assert_null(strstr(s, "chainscope_queries"));
	/* A failed probe: success 0 and the duration only. */
	cs_buf_reset(&b);
	cs_metrics_probe failed = {.an = NULL, .cap = NULL, .duration_s = 2};
	cs_render_metrics(&failed, NULL, &b);
	assert_string_equal(
	    cs_buf_cstr(&b),
	    "# HELP chainscope_probe_success 1 when the probe ran and the chain was "
	    "judged secure, insecure or bogus; 0 when it could not run or the "
	    "verdict is indeterminate\n# TYPE chainscope_probe_success gauge\n"
	    "chainscope_probe_success 0\n"
	    "# HELP chainscope_probe_duration_seconds How long the probe and the "
	    "analysis took\n# TYPE chainscope_probe_duration_seconds gauge\n"
	    "chainscope_probe_duration_seconds 2.000000\n");
	/* Indeterminate: the probe did not succeed, the rest is there. */
	cs_buf_reset(&b);
	a.verdict = CS_STATE_INDETERMINATE;
	a.has_next_break = false;
	cs_render_metrics(&p, NULL, &b);
	s = cs_buf_cstr(&b);
	assert_non_null(strstr(s, "chainscope_probe_success 0\n"));
	assert_non_null(strstr(s, "chainscope_verdict{verdict=\"indeterminate\"} 1\n"));
	assert_null(strstr(s, "chainscope_next_break_timestamp_seconds"));
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_rules),  cmocka_unit_test(test_durations),
	    cmocka_unit_test(test_plugin_line),	  cmocka_unit_test(test_label_escaping),
	    cmocka_unit_test(test_probe_metrics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
