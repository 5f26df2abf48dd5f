/*
 * test_findings - core/findings: the catalogue of DNSSEC findings.
 *
 * Every finding has its texts, a severity and an RFC reference; codes are
 * unique, UPPER_SNAKE_CASE and grouped by a known prefix; lookups round-trip;
 * published codes never disappear. The drift check reads docs/findings.md
 * (path in argv[1], or in the environment variable CS_FINDINGS_DOC) and fails
 * when a code has no entry there, has two, or when the document lists a code
 * the table does not have.
 */
#include "analyze/findings.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of docs/findings.md, from the command line (set once in main). */
static const char *doc_path;

/* Group prefixes a code may start with (see findings.h). */
static const char *const group_prefixes[] = {
    "DS_",     "TRUST_ANCHOR_", "DNSKEY_", "ALGORITHM_", "RRSIG_",   "CNAME_",	    "DNAME_",
    "DENIAL_", "NSEC3_",	"CDS_",	   "SERVER_",	 "SERVERS_", "DELEGATION_", "PROBE_",
};

/* Codes that have been published: a code may be added, never removed or
 * renamed (scripts and saved JSON reports rely on them). */
static const char *const published_codes[] = {
    "DS_MISSING",
    "DS_NO_MATCHING_KEY",
    "DS_ALGORITHM_MISMATCH",
    "DS_DIGEST_MISMATCH",
    "DS_REVOKED_KEY",
    "DS_NON_ZONE_KEY",
    "DS_STALE",
    "DS_SHA1_ONLY",
    "DS_DIGEST_UNSUPPORTED",
    "DS_UNSIGNED_CHILD",
    "DS_ABSENCE_UNPROVEN",
    "DNSKEY_MISSING",
    "DNSKEY_NO_SEP_SIGNATURE",
    "DNSKEY_ALGORITHM_INCOMPLETE",
    "DNSKEY_SEP_FLAG_MISSING",
    "DNSKEY_RSA_WEAK",
    "DNSKEY_INCONSISTENT",
    "ALGORITHM_DEPRECATED",
    "ALGORITHM_PROHIBITED",
    "ALGORITHM_UNSUPPORTED",
    "RRSIG_MISSING",
    "RRSIG_EXPIRED",
    "RRSIG_NOT_YET_VALID",
    "RRSIG_EXPIRING",
    "RRSIG_VALIDITY_LONG",
    "RRSIG_VALIDITY_SHORT",
    "RRSIG_CRYPTO_FAILED",
    "RRSIG_SIGNER_MISMATCH",
    "RRSIG_LABELS_INVALID",
    "RRSIG_ORIGINAL_TTL_LOW",
    "RRSIG_TTL_BEYOND_EXPIRATION",
    "RRSIG_LENGTH_INVALID",
    "RRSIG_UNKNOWN_KEY",
    "DENIAL_MISSING",
    "DENIAL_NOT_COVERING",
    "DENIAL_BITMAP_CONTRADICTS",
    "DENIAL_WILDCARD_GAP",
    "DENIAL_ANCESTOR_DELEGATION",
    "NSEC3_ITERATIONS",
    "NSEC3_ITERATIONS_EXCESSIVE",
    "NSEC3_SALT",
    "NSEC3_OPTOUT",
    "NSEC3_UNSUPPORTED_HASH",
    "CDS_MISMATCH_DNSKEY",
    "CDS_CDNSKEY_INCONSISTENT",
    "CDS_SERVERS_DISAGREE",
    "CDS_NOT_SIGNED_BY_SEP",
    "CDS_DELETE_MALFORMED",
    "CDS_CHANGE_PENDING",
    "SERVER_TIMEOUT",
    "SERVER_UNREACHABLE",
    "SERVER_LAME",
    "SERVER_REFUSED",
    "SERVER_SERVFAIL",
    "SERVER_MALFORMED",
    "SERVER_TCP_FAILED",
    "SERVER_QUERY_TIMEOUT",
    "SERVER_EDNS_DOWNGRADE",
    "SERVERS_SOA_SERIAL_DIFFER",
    "SERVERS_RRSIG_DIFFER",
    "DELEGATION_NS_MISMATCH",
    "DELEGATION_GLUE_MISMATCH",
    "DELEGATION_GLUE_MISSING",
    "PROBE_LIMIT_REACHED",
    "PROBE_ADDRESS_SKIPPED",
    "PROBE_INCOMPLETE",
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_upper_snake(const char *s)
{
	/* [A-Z][A-Z0-9]*(_[A-Z0-9]+)+ */
	if (!(*s >= 'A' && *s <= 'Z'))
		return false;
	bool underscore = false, prev_underscore = false;
	for (const char *p = s; *p; p++) {
		bool upper = *p >= 'A' && *p <= 'Z', digit = *p >= '0' && *p <= '9';
		if (*p == '_') {
			if (prev_underscore)
				return false;
			underscore = prev_underscore = true;
		} else if (upper || digit) {
			prev_underscore = false;
		} else {
			return false;
		}
	}
	return underscore && !prev_underscore;
}

static const char *group_of(const char *code)
{
	for (size_t i = 0; i < N_ELEMS(group_prefixes); i++)
		if (starts_with(code, group_prefixes[i]))
			return group_prefixes[i];
	return NULL;
}

/* Does [b, e) contain needle? */
static bool span_contains(const char *b, const char *e, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = b; p + n <= e; p++)
		if (memcmp(p, needle, n) == 0)
			return true;
	return false;
}

/* Skip a decimal number at p (before e); NULL if there is none. */
static const char *skip_number(const char *p, const char *e)
{
	if (p >= e || !(*p >= '0' && *p <= '9'))
		return NULL;
	while (p < e && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* One "RFC nnnn", "RFC nnnn §x.y, §z" or "RFC nnnn §x, Appendix A" item. */
static bool is_rfc_item(const char *b, const char *e)
{
	static const char section[] = "\xc2\xa7"; /* § in UTF-8 */
	if ((size_t)(e - b) < 5 || strncmp(b, "RFC ", 4) != 0 || b[4] == '0')
		return false;
	const char *p = skip_number(b + 4, e);
	if (p == NULL)
		return false;
	for (const char *sep = " "; p < e; sep = ", ") {
		size_t n = strlen(sep);
		if ((size_t)(e - p) < n || strncmp(p, sep, n) != 0)
			return false;
		p += n;
		if ((size_t)(e - p) >= 2 && strncmp(p, section, 2) == 0) {
			p = skip_number(p + 2, e);
			while (p != NULL && p < e && *p == '.')
				p = skip_number(p + 1, e);
		} else if ((size_t)(e - p) >= 10 && strncmp(p, "Appendix ", 9) == 0 &&
			   p[9] >= 'A' && p[9] <= 'Z') {
			p += 10;
		} else {
			return false;
		}
		if (p == NULL)
			return false;
	}
	return true;
}

/* "none", or "RFC ..." items separated by "; ". */
static bool is_rfc_reference(const char *rfc)
{
	if (strcmp(rfc, "none") == 0)
		return true;
	const char *b = rfc;
	for (;;) {
		const char *e = strstr(b, "; ");
		if (e == NULL)
			return is_rfc_item(b, b + strlen(b));
		if (!is_rfc_item(b, e))
			return false;
		b = e + 2;
	}
}

/* ------------------------------------------------------------ document check */

/* Problems between a findings document and the catalogue: every code must be
 * the text of exactly one "### " heading, no "### " heading may name another
 * code, and each entry must state the code's title, severity and reference.
 * Returns the number of problems; describes each one when verbose. */
static size_t doc_problems(const char *doc, bool verbose)
{
	size_t problems = 0;
	unsigned seen[CS_F_COUNT] = {0};

	for (const char *line = doc; *line;) {
		const char *eol = strchr(line, '\n');
		const char *next = eol ? eol + 1 : line + strlen(line);
		if (eol == NULL)
			eol = next;
		if (!starts_with(line, "### ")) {
			line = next;
			continue;
		}

		/* The heading's text, without trailing blanks or CR. */
		const char *b = line + 4, *e = eol;
		while (e > b && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
			e--;
		char code[64];
		size_t len = (size_t)(e - b);
		if (len >= sizeof code)
			len = sizeof code - 1;
		memcpy(code, b, len);
		code[len] = '\0';

		/* The entry runs to the next heading of any level. */
		const char *end = next;
		while (*end && *end != '#') {
			const char *nl = strchr(end, '\n');
			end = nl ? nl + 1 : end + strlen(end);
		}

		const cs_finding_info *f = cs_finding_info_by_code(code);
		if (f == NULL) {
			problems++;
			if (verbose)
				print_error("doc: heading '%s' names no code in the catalogue\n",
					    code);
			line = next;
			continue;
		}
		seen[f->id]++;

		char sev[32], title[128];
		snprintf(sev, sizeof sev, "Severity: **%s**", cs_severity_str(f->severity));
		snprintf(title, sizeof title, "**%s**", f->title);
		if (!span_contains(next, end, sev) || !span_contains(next, end, f->rfc) ||
		    !span_contains(next, end, title)) {
			problems++;
			if (verbose)
				print_error("doc: entry %s does not state its title, severity (%s) "
					    "and reference (%s) as the catalogue does\n",
					    code, cs_severity_str(f->severity), f->rfc);
		}
		line = next;
	}

	for (size_t i = 0; i < (size_t)CS_F_COUNT; i++) {
		if (seen[i] == 1)
			continue;
		problems++;
		if (verbose)
			print_error("doc: code %s has %u headings, not exactly one\n",
				    cs_finding_info_get((cs_finding_code)i)->code, seen[i]);
	}
	return problems;
}

/* A minimal document in the generator's layout, with deliberate defects:
 * skip leaves one code out, dup gives one code two entries, wrong_sev states a
 * wrong severity, extra adds a heading. Caller frees. */
static char *make_doc(const cs_finding_info *skip, const cs_finding_info *dup,
		      const cs_finding_info *wrong_sev, const char *extra)
{
	size_t cap = 4096, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	doc[0] = '\0';
	for (size_t i = 0; i < cs_finding_count() + 1; i++) {
		const cs_finding_info *f;
		if (i < cs_finding_count())
			f = cs_finding_info_get((cs_finding_code)i);
		else if (dup != NULL)
			f = dup;
		else
			break;
		if (f == skip)
			continue;
		const char *sev = cs_severity_str(f->severity);
		if (f == wrong_sev)
			sev = f->severity == CS_SEV_ERROR ? "notice" : "error";
		char entry[512];
		int n = snprintf(entry, sizeof entry,
				 "### %s\n\n**%s**\n\nSeverity: **%s** \xc2\xb7 Reference: %s\n\n"
				 "**What it means.** ...\n\n",
				 f->code, f->title, sev, f->rfc);
		assert_true(n > 0 && (size_t)n < sizeof entry);
		while (len + (size_t)n + 1 > cap) {
			cap *= 2;
			doc = realloc(doc, cap);
			assert_non_null(doc);
		}
		memcpy(doc + len, entry, (size_t)n + 1);
		len += (size_t)n;
	}
	if (extra != NULL) {
		size_t n = strlen(extra);
		doc = realloc(doc, len + n + 1);
		assert_non_null(doc);
		memcpy(doc + len, extra, n + 1);
	}
	return doc;
}

/* The whole of a file, NUL-terminated; NULL if it cannot be read. */
static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	while (buf != NULL) {
		len += fread(buf + len, 1, cap - len - 1, fp);
		if (len < cap - 1)
			break;
		char *bigger = realloc(buf, cap * 2);
		if (bigger == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	bool failed = ferror(fp) != 0;
	fclose(fp);
	if (buf == NULL || failed) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* ------------------------------------------------------------ tests */

static void test_every_finding_has_its_texts(void **state)
{
	(void)state;
	assert_int_equal(cs_finding_count(), CS_F_COUNT);
	assert_true(cs_finding_count() >= N_ELEMS(published_codes));
	for (size_t i = 0; i < cs_finding_count(); i++) {
		const cs_finding_info *f = cs_finding_info_get((cs_finding_code)i);
		assert_non_null(f);
		assert_int_equal(f->id, i);
		const char *texts[] = {f->code, f->rfc, f->title, f->meaning, f->fix};
		for (size_t t = 0; t < N_ELEMS(texts); t++) {
			assert_non_null(texts[t]);
			assert_true(texts[t][0] != '\0');
			/* no stray blanks at either end, no doubled spaces */
			assert_true(texts[t][0] != ' ' && !ends_with(texts[t], " "));
			if (strstr(texts[t], "  ") != NULL)
				fail_msg("%s: doubled space in '%s'", f->code, texts[t]);
			if (strchr(texts[t], '\n') != NULL)
				fail_msg("%s: newline in '%s'", f->code, texts[t]);
		}
		assert_true(f->severity == CS_SEV_NOTICE || f->severity == CS_SEV_WARNING ||
			    f->severity == CS_SEV_ERROR);
		/* a one-line title, full sentences after it */
		if (strlen(f->title) > 80 || ends_with(f->title, "."))
			fail_msg("%s: title must be one short line without a full stop", f->code);
		if (!ends_with(f->meaning, ".") || !ends_with(f->fix, "."))
			fail_msg("%s: meaning and fix must be full sentences", f->code);
	}
}

static void test_codes_are_unique_upper_snake_and_grouped(void **state)
{
	(void)state;
	for (size_t i = 0; i < cs_finding_count(); i++) {
		const char *code = cs_finding_info_get((cs_finding_code)i)->code;
		if (!is_upper_snake(code))
			fail_msg("code '%s' is not UPPER_SNAKE_CASE", code);
		if (group_of(code) == NULL)
			fail_msg("code '%s' has no known group prefix", code);
		for (size_t j = i + 1; j < cs_finding_count(); j++)
			if (strcmp(code, cs_finding_info_get((cs_finding_code)j)->code) == 0)
				fail_msg("code '%s' appears twice", code);
	}
	/* The checker itself. */
	assert_true(is_upper_snake("DS_MISSING"));
	assert_true(is_upper_snake("NSEC3_SALT"));
	assert_false(is_upper_snake("DS"));
	assert_false(is_upper_snake("ds_missing"));
	assert_false(is_upper_snake("DS__MISSING"));
	assert_false(is_upper_snake("DS_MISSING_"));
	assert_false(is_upper_snake("_DS_MISSING"));
	assert_false(is_upper_snake("DS-MISSING"));
}

/* Groups are contiguous in the table, so the document's sections follow it. */
static void test_groups_are_contiguous(void **state)
{
	(void)state;
	const char *done[N_ELEMS(group_prefixes)] = {0};
	size_t ndone = 0;
	const char *current = NULL;
	for (size_t i = 0; i < cs_finding_count(); i++) {
		const char *g = group_of(cs_finding_info_get((cs_finding_code)i)->code);
		if (g == current)
			continue;
		for (size_t k = 0; k < ndone; k++)
			if (done[k] == g)
				fail_msg("group %s is split in the table (at %s)", g,
					 cs_finding_info_get((cs_finding_code)i)->code);
		done[ndone++] = g;
		current = g;
	}
}

/* The enum name is CS_F_ followed by the code. */
static void test_enum_names_match_codes(void **state)
{
	(void)state;
	static const struct {
		const char *id, *code;
	} names[] = {
#define NAME_ROW(id, code, sev, rfc, title, meaning, fix) {#id, code},
	    CS_FINDINGS(NAME_ROW)
#undef NAME_ROW
	};
	assert_int_equal(N_ELEMS(names), CS_F_COUNT);
	for (size_t i = 0; i < N_ELEMS(names); i++) {
		assert_true(starts_with(names[i].id, "CS_F_"));
		assert_string_equal(names[i].id + 5, names[i].code);
	}
}

static void test_rfc_references(void **state)
{
	(void)state;
	for (size_t i = 0; i < cs_finding_count(); i++) {
		const cs_finding_info *f = cs_finding_info_get((cs_finding_code)i);
		if (!is_rfc_reference(f->rfc))
			fail_msg("%s: reference '%s' is not 'RFC n §x; RFC m §y' or 'none'",
				 f->code, f->rfc);
		/* Only findings about chainscope's own collection rest on no RFC. */
		if (strcmp(f->rfc, "none") == 0 && !starts_with(f->code, "PROBE_"))
			fail_msg("%s: only PROBE_ findings may have no reference", f->code);
		if (strcmp(f->rfc, "none") != 0 && strstr(f->rfc, "\xc2\xa7") == NULL &&
		    strstr(f->rfc, "Appendix") == NULL)
			fail_msg("%s: reference '%s' names no section", f->code, f->rfc);
	}
	assert_true(is_rfc_reference("RFC 4035 \xc2\xa7"
				     "5.2"));
	assert_true(is_rfc_reference("RFC 4034 \xc2\xa7"
				     "5.1.4; RFC 4035 \xc2\xa7"
				     "5.2"));
	assert_false(is_rfc_reference("4035"));
	assert_false(is_rfc_reference("RFC x"));
	assert_false(is_rfc_reference("RFC 4035 \xc2\xa7"
				      "5.2;RFC 4034"));
	assert_true(is_rfc_reference("RFC 9276 \xc2\xa7"
				     "3.2, Appendix A; RFC 5155 \xc2\xa7"
				     "10.3"));
	assert_true(is_rfc_reference("RFC 7344"));
	assert_false(is_rfc_reference("RFC 4035; "));
	assert_false(is_rfc_reference("RFC 4035 \xc2\xa7"));
	assert_false(is_rfc_reference("RFC 4035 \xc2\xa7"
				      "5."));
	assert_false(is_rfc_reference("RFC 4035 \xc2\xa7"
				      "5.2,\xc2\xa7"
				      "6"));
	assert_false(is_rfc_reference("RFC 4035 Appendix"));
	assert_false(is_rfc_reference("RFC 0 \xc2\xa7"
				      "1"));
}

static void test_by_code_round_trips(void **state)
{
	(void)state;
	for (size_t i = 0; i < cs_finding_count(); i++) {
		const cs_finding_info *f = cs_finding_info_get((cs_finding_code)i);
		assert_ptr_equal(cs_finding_info_by_code(f->code), f);
	}
	assert_int_equal(cs_finding_info_by_code("DS_DIGEST_MISMATCH")->id,
			 CS_F_DS_DIGEST_MISMATCH);
	assert_int_equal(cs_finding_info_by_code("DS_DIGEST_MISMATCH")->severity, CS_SEV_ERROR);
	assert_null(cs_finding_info_by_code(NULL));
	assert_null(cs_finding_info_by_code(""));
	assert_null(cs_finding_info_by_code("ds_digest_mismatch")); /* case-sensitive */
	assert_null(cs_finding_info_by_code("DS_DIGEST"));	    /* no prefix matching */
	assert_null(cs_finding_info_by_code("DS_DIGEST_MISMATCH "));
	assert_null(cs_finding_info_by_code("NO_SUCH_FINDING"));
}

static void test_get_rejects_out_of_range(void **state)
{
	(void)state;
	assert_non_null(cs_finding_info_get((cs_finding_code)0));
	assert_non_null(cs_finding_info_get((cs_finding_code)(CS_F_COUNT - 1)));
	assert_null(cs_finding_info_get(CS_F_COUNT));
	assert_null(cs_finding_info_get((cs_finding_code)(CS_F_COUNT + 1)));
	assert_null(cs_finding_info_get((cs_finding_code)-1));
}

static void test_severity_strings(void **state)
{
	(void)state;
	assert_string_equal(cs_severity_str(CS_SEV_ERROR), "error");
	assert_string_equal(cs_severity_str(CS_SEV_WARNING), "warning");
	assert_string_equal(cs_severity_str(CS_SEV_NOTICE), "notice");
	assert_string_equal(cs_severity_str((cs_severity)3), "unknown");
	assert_string_equal(cs_severity_str((cs_severity)-1), "unknown");
	/* Ordered, so renderers can compare and sort. */
	assert_true(CS_SEV_NOTICE < CS_SEV_WARNING && CS_SEV_WARNING < CS_SEV_ERROR);
}

/* Severities chosen on purpose (docs/findings.md explains each): changing one
 * must be a decision, not an accident. */
static void test_key_severities(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		cs_severity sev;
	} want[] = {
	    {"DS_MISSING", CS_SEV_WARNING},
	    {"DS_STALE", CS_SEV_WARNING},
	    {"DS_SHA1_ONLY", CS_SEV_WARNING},
	    {"DS_DIGEST_MISMATCH", CS_SEV_ERROR},
	    {"DS_ABSENCE_UNPROVEN", CS_SEV_ERROR},
	    {"DNSKEY_SEP_FLAG_MISSING", CS_SEV_NOTICE},
	    {"DNSKEY_RSA_WEAK", CS_SEV_WARNING},
	    {"RRSIG_EXPIRED", CS_SEV_ERROR},
	    {"RRSIG_EXPIRING", CS_SEV_WARNING},
	    {"RRSIG_VALIDITY_LONG", CS_SEV_NOTICE},
	    {"RRSIG_VALIDITY_SHORT", CS_SEV_NOTICE},
	    {"NSEC3_ITERATIONS", CS_SEV_WARNING},
	    /* RFC 9276 §3.2: the answer is insecure, not bogus (an_answer.c). */
	    {"NSEC3_ITERATIONS_EXCESSIVE", CS_SEV_WARNING},
	    {"NSEC3_SALT", CS_SEV_NOTICE},
	    {"NSEC3_OPTOUT", CS_SEV_NOTICE},
	    {"CDS_CHANGE_PENDING", CS_SEV_NOTICE},
	    {"SERVERS_SOA_SERIAL_DIFFER", CS_SEV_WARNING},
	};
	for (size_t i = 0; i < N_ELEMS(want); i++) {
		const cs_finding_info *f = cs_finding_info_by_code(want[i].code);
		if (f == NULL)
			fail_msg("missing code %s", want[i].code);
		if (f->severity != want[i].sev)
			fail_msg("%s is %s, expected %s", want[i].code,
				 cs_severity_str(f->severity), cs_severity_str(want[i].sev));
	}
}

static void test_published_codes_still_exist(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(published_codes); i++)
		if (cs_finding_info_by_code(published_codes[i]) == NULL)
			fail_msg("published code %s was removed or renamed", published_codes[i]);
}

/* The checker catches each kind of drift (so a green drift test means
 * something). */
static void test_doc_checker_catches_drift(void **state)
{
	(void)state;
	const cs_finding_info *a = cs_finding_info_get(CS_F_DS_DIGEST_MISMATCH);
	const cs_finding_info *b = cs_finding_info_get(CS_F_NSEC3_SALT);
	char *doc;

	doc = make_doc(NULL, NULL, NULL, NULL);
	assert_int_equal(doc_problems(doc, true), 0);
	free(doc);

	doc = make_doc(a, NULL, NULL, NULL); /* a code without an entry */
	assert_int_equal(doc_problems(doc, false), 1);
	free(doc);

	doc = make_doc(NULL, b, NULL, NULL); /* a code with two entries */
	assert_int_equal(doc_problems(doc, false), 1);
	free(doc);

	doc = make_doc(NULL, NULL, NULL, "### DS_NOT_A_CODE\n\ntext\n"); /* unknown code */
	assert_int_equal(doc_problems(doc, false), 1);
	free(doc);

	doc = make_doc(NULL, NULL, b, NULL); /* severity differs from the table */
	assert_int_equal(doc_problems(doc, false), 1);
	free(doc);

	doc = make_doc(NULL, NULL, NULL, "### ds_missing\r\n"); /* headings are exact */
	assert_int_equal(doc_problems(doc, false), 1);
	free(doc);

	assert_int_equal(doc_problems("", false), cs_finding_count());
}

static void test_doc_lists_every_code_once(void **state)
{
	(void)state;
	if (doc_path == NULL)
		fail_msg("no findings document: pass docs/findings.md as the first argument "
			 "or set CS_FINDINGS_DOC");
	char *doc = read_file(doc_path);
	if (doc == NULL)
		fail_msg("cannot read %s", doc_path);
	size_t problems = doc_problems(doc, true);
	free(doc);
	if (problems != 0)
		fail_msg("%s disagrees with core/analyze/findings.h in %zu place(s); run "
			 "scripts/gen-findings-doc",
			 doc_path, problems);
}

int main(int argc, char **argv)
{
	doc_path = argc > 1 ? argv[1] : getenv("CS_FINDINGS_DOC");

	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_finding_has_its_texts),
	    cmocka_unit_test(test_codes_are_unique_upper_snake_and_grouped),
	    cmocka_unit_test(test_groups_are_contiguous),
	    cmocka_unit_test(test_enum_names_match_codes),
	    cmocka_unit_test(test_rfc_references),
	    cmocka_unit_test(test_by_code_round_trips),
	    cmocka_unit_test(test_get_rejects_out_of_range),
	    cmocka_unit_test(test_severity_strings),
	    cmocka_unit_test(test_key_severities),
	    cmocka_unit_test(test_published_codes_still_exist),
	    cmocka_unit_test(test_doc_checker_catches_drift),
	    cmocka_unit_test(test_doc_lists_every_code_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
